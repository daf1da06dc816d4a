#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed with the mapped memory's origin spelled other ways: one member or another
 * by a conditional, the pfn a helper returns, the pfn a helper fills through a pointer, and a
 * free made by a scope-based cleanup (__free(kfree)) at the end of an ioctl that swaps the
 * buffer. Each insert holds no reference (pfn PTEs) and each free has no zap before it.
 * The negatives: a helper that returns another member (never mapped) and an out-parameter
 * helper whose pfn comes from the other member.
 */

DEFINE_FREE(kfree, void *, if (_T) kfree(_T))
void *kzalloc(size_t size, gfp_t flags);

struct os_dev {
	struct page *ctl;
	struct page *data;
	void *buf;
	void *scratch;
	struct page *spare;
	struct page *lookup_page;
	void *big;
	size_t size;
};

/* one member or the other, by the branch */
static vm_fault_t os_fault_pick(struct vm_fault *vmf)
{
	struct os_dev *d = vmf->vma->vm_private_data;
	struct page *pg = vmf->pgoff ? d->data : d->ctl;

	return vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(pg));
}

static const struct vm_operations_struct os_pick_ops = { .fault = os_fault_pick };

static long os_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct os_dev *d = f->private_data;

	switch (cmd) {
	case 1:
		__free_page(d->data); /* expect: mapped-memory-freed */
		d->data = NULL;
		break;
	case 2:
		__free_page(d->spare); /* ok: mapped-memory-freed (never mapped) */
		d->spare = NULL;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

/* the pfn is a helper's result */
static unsigned long os_buf_pfn(struct os_dev *d, pgoff_t off)
{
	return (virt_to_phys(d->buf) >> PAGE_SHIFT) + off;
}

static unsigned long os_scratch_addr(struct os_dev *d)
{
	return (unsigned long)d->scratch;
}

static vm_fault_t os_fault_buf(struct vm_fault *vmf)
{
	struct os_dev *d = vmf->vma->vm_private_data;

	pr_debug("scratch at %lx\n", os_scratch_addr(d));
	return vmf_insert_pfn(vmf->vma, vmf->address, os_buf_pfn(d, vmf->pgoff));
}

static const struct vm_operations_struct os_buf_ops = { .fault = os_fault_buf };

/* the pfn is filled through a pointer */
static int os_lookup(struct os_dev *d, unsigned long off, unsigned long *pfn)
{
	if (off)
		return -EINVAL;
	*pfn = page_to_pfn(d->lookup_page);
	return 0;
}

static vm_fault_t os_fault_lookup(struct vm_fault *vmf)
{
	struct os_dev *d = vmf->vma->vm_private_data;
	unsigned long pfn;

	if (os_lookup(d, vmf->pgoff, &pfn))
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, pfn);
}

static const struct vm_operations_struct os_lookup_ops = { .fault = os_fault_lookup };

void os_remove(struct platform_device *pdev)
{
	struct os_dev *d = platform_get_drvdata(pdev);

	kfree(d->buf); /* expect: mapped-memory-freed */
	kfree(d->scratch); /* ok: mapped-memory-freed (only its address is printed) */
	__free_page(d->lookup_page); /* expect: mapped-memory-freed */
}

/* a resize whose old buffer a scope-based cleanup frees while ->mmap's PTEs remain */
static int os_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct os_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->big) >> PAGE_SHIFT, d->size, vma->vm_page_prot);
}

static long os_resize(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct os_dev *d = f->private_data;
	void *nb = kzalloc(arg, GFP_KERNEL);

	if (!nb)
		return -ENOMEM;
	void *old __free(kfree) = d->big; /* expect: mapped-memory-freed */
	d->big = nb;
	d->size = arg;
	return 0;
}

static const struct file_operations os_fops = { .mmap = os_mmap, .unlocked_ioctl = os_ioctl };
static const struct file_operations os_resize_fops = { .mmap = os_mmap, .unlocked_ioctl = os_resize };
