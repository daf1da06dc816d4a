#include <linux/mmlint_stub.h>
/*
 * Quiet: the driver tracks its vma in ->mmap (under the mmap lock, as rdma and pseries VAS do)
 * and revokes by zapping that vma, or zaps a fork's copy in vm_ops->open: neither walks the
 * file's i_mmap, so the ->mmap window this rule names does not exist.
 */

struct tv_dev {
	phys_addr_t regs;
	struct vm_area_struct *vma;
	bool dead;
};

static void tv_vm_open(struct vm_area_struct *vma)
{
	zap_vma_ptes(vma, vma->vm_start, vma->vm_end - vma->vm_start);
}

static const struct vm_operations_struct tv_vm_ops = { .open = tv_vm_open };

static int tv_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct tv_dev *d = f->private_data;

	d->vma = vma;
	vma->vm_ops = &tv_vm_ops;
	return io_remap_pfn_range(vma, vma->vm_start, d->regs >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* ok: populated-in-mmap */
}

static const struct file_operations tv_fops = { .mmap = tv_mmap };

void tv_remove(struct tv_dev *d)
{
	d->dead = true;
	if (d->vma)
		zap_vma_ptes(d->vma, d->vma->vm_start, PAGE_SIZE);
}
