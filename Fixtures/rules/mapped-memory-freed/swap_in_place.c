#include <linux/mmlint_stub.h>
/*
 * A live buffer replaced in place: the old one is freed before the new one is stored
 * (`kfree(d->buf); d->buf = nb;`). The function stores the member, but what it frees is the
 * value the member held when it was called: a published buffer that a vma may still map.
 * (Only the spelling through a saved local, `old = d->buf; d->buf = nb; kfree(old);`, was
 * judged before; this one was taken for a builder's error path.) A builder's own error path
 * frees what it just stored: still quiet.
 */

struct sw_dev {
	void *buf;		/* remap_pfn_range()d by sw_mmap() */
	void *tbl;		/* vmf_insert_pfn()ed at fault time */
	struct page *page;	/* remap_pfn_range()d through page_to_pfn() */
	size_t size;
};

static int sw_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct sw_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static vm_fault_t sw_fault(struct vm_fault *vmf)
{
	struct sw_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(d->tbl) >> PAGE_SHIFT);
}

static int sw_page_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct sw_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, page_to_pfn(d->page), PAGE_SIZE, vma->vm_page_prot);
}

/* 1. free in place, then store the new buffer */
static long sw_resize(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct sw_dev *d = f->private_data;
	void *nb = kzalloc(arg, GFP_KERNEL);

	if (!nb)
		return -ENOMEM;
	kfree(d->buf); /* expect: mapped-memory-freed */
	d->buf = nb;
	d->size = arg;
	return 0;
}

/* 2. the new buffer allocated straight into the member after the free */
static long sw_regrow(struct sw_dev *d, size_t size)
{
	kfree(d->tbl); /* expect: mapped-memory-freed */
	d->tbl = kzalloc(size, GFP_KERNEL);
	return d->tbl ? 0 : -ENOMEM;
}

/* 3. read into a local, freed, then replaced */
static long sw_repage(struct sw_dev *d)
{
	struct page *prev = d->page;

	__free_page(prev); /* expect: mapped-memory-freed */
	d->page = alloc_page(GFP_KERNEL);
	return d->page ? 0 : -ENOMEM;
}

/* 4. the builder's error path: the free releases what this function stored */
static int sw_setup(struct sw_dev *d, size_t size)
{
	d->tbl = kzalloc(size, GFP_KERNEL);
	if (!d->tbl)
		return -ENOMEM;
	if (size > PAGE_SIZE) {
		kfree(d->tbl); /* ok: mapped-memory-freed */
		d->tbl = NULL;
		return -EINVAL;
	}
	return 0;
}

static const struct vm_operations_struct sw_vm_ops = { .fault = sw_fault };
static const struct file_operations sw_fops = { .mmap = sw_mmap, .unlocked_ioctl = sw_resize };
static const struct file_operations sw_page_fops = { .mmap = sw_page_mmap };
