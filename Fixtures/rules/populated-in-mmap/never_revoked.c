#include <linux/mmlint_stub.h>
/* A driver that never revokes: filling the mapping in ->mmap is fine (this file has no zap). */

struct nr_dev {
	phys_addr_t bar;
};

static int nr_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct nr_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* ok: populated-in-mmap */
}

static const struct file_operations nr_fops = { .mmap = nr_mmap };
