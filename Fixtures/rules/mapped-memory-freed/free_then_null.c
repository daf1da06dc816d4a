#include <linux/mmlint_stub.h>
/*
 * The usual way a driver frees a buffer: free it, then clear the member. The
 * clearing store builds nothing (the exemption for functions that store the
 * member is for the builder's own error path), so the free is judged: from
 * an ioctl (the fault handler maps it again later), from remove().
 */

struct fn_dev {
	void *buf;
	void *ring;
};

static vm_fault_t fn_fault(struct vm_fault *vmf)
{
	struct fn_dev *d = vmf->vma->vm_private_data;

	if (!d->buf)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(d->buf) >> PAGE_SHIFT);
}

static const struct vm_operations_struct fn_vm_ops = { .fault = fn_fault };

static long fn_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct fn_dev *d = f->private_data;

	kfree(d->buf); /* expect: mapped-memory-freed */
	d->buf = NULL;
	return 0;
}

static int fn_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct fn_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->ring) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations fn_fops = { .unlocked_ioctl = fn_ioctl, .mmap = fn_mmap };

void fn_remove(struct platform_device *pdev)
{
	struct fn_dev *d = platform_get_drvdata(pdev);

	kfree(d->ring); /* expect: mapped-memory-freed */
	d->ring = NULL;
}

/* The builder's error path: it stores a fresh buffer, so a free here precedes any mapping. */
int fn_setup(struct fn_dev *d)
{
	d->ring = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!d->ring)
		return -ENOMEM;
	if (!d->buf) {
		kfree(d->ring); /* ok: mapped-memory-freed */
		d->ring = NULL;
		return -EINVAL;
	}
	return 0;
}
