#include <linux/mmlint_stub.h>
/*
 * ->mmap dispatches through the driver's per-variant ops table, and the variant's method
 * inserts: the same mapping filled inside ->mmap, reached through the ops member (its calls
 * resolve to the few functions stored into it). The driver revokes on remove. One note per
 * ->mmap: the first variant's insert.
 */

struct oi_dev;

struct oi_variant_ops {
	int (*map)(struct oi_dev *d, struct vm_area_struct *vma);
};

struct oi_dev {
	const struct oi_variant_ops *ops;
	phys_addr_t regs;
	struct inode *inode;
};

static int oi_v1_map(struct oi_dev *d, struct vm_area_struct *vma)
{
	return io_remap_pfn_range(vma, vma->vm_start, d->regs >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* note: populated-in-mmap */
}

static int oi_v2_map(struct oi_dev *d, struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_IO);
	return remap_pfn_range(vma, vma->vm_start, (d->regs >> PAGE_SHIFT) + 1, PAGE_SIZE, vma->vm_page_prot);
}

static const struct oi_variant_ops oi_v1_ops = { .map = oi_v1_map };
static const struct oi_variant_ops oi_v2_ops = { .map = oi_v2_map };

static int oi_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct oi_dev *d = f->private_data;

	return d->ops->map(d, vma);
}

static const struct file_operations oi_fops = { .mmap = oi_mmap };

void oi_remove(struct oi_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}
