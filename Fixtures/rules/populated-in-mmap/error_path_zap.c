#include <linux/mmlint_stub.h>
/*
 * populated-in-mmap, quiet: the only zap of this driver is on its ->mmap's error path, undoing
 * the mapping being made — not a revoke. (It sat in fault_fill.c beside a driver that does
 * revoke, whose zap then counted for it: the note there was reported, and the `ok:` did not
 * check notes.)
 */

struct pe_dev {
	phys_addr_t bar;
	unsigned long size;
};

static int pe_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct pe_dev *d = f->private_data;
	int ret;

	ret = io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* ok: populated-in-mmap */
	if (ret)
		zap_vma_ptes(vma, vma->vm_start, d->size);
	return ret;
}

static const struct file_operations pe_fops = { .mmap = pe_mmap };
