#include <linux/mmlint_stub.h>
/*
 * The sum written inside the macro's argument (`PFN_DOWN(virt_to_phys(d->buf) + off)`,
 * `PHYS_PFN(virt_to_phys(d->ring) + off)`): the page frame number still starts from the buffer,
 * so a free of it while the mapping may remain is reported as for `(virt_to_phys(buf) + off) >>
 * PAGE_SHIFT`. A driver's own `#define RB_PFN(b, o) ((virt_to_phys(b) + (o)) >> PAGE_SHIFT)`
 * writes the sum whole in its definition: not followed (a todo; the frontend reads only sums
 * whose operator is written where the code is).
 * Special PTEs hold no reference: the freed pages go back to the allocator while user space
 * still maps them.
 */

#define RB_PFN(b, o)	((virt_to_phys(b) + (o)) >> PAGE_SHIFT)

struct pm_dev {
	void *buf;
	void *ring;
	void *log;
};

static vm_fault_t pm_fault(struct vm_fault *vmf)
{
	struct pm_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address,
			      PFN_DOWN(virt_to_phys(d->buf) + (vmf->pgoff << PAGE_SHIFT)));
}

static const struct vm_operations_struct pm_vm_ops = { .fault = pm_fault };

static int pm_mmap_ring(struct file *f, struct vm_area_struct *vma)
{
	struct pm_dev *d = f->private_data;
	unsigned long off = vma->vm_pgoff << PAGE_SHIFT;

	return remap_pfn_range(vma, vma->vm_start, PHYS_PFN(virt_to_phys(d->ring) + off),
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static int pm_mmap_log(struct file *f, struct vm_area_struct *vma)
{
	struct pm_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, RB_PFN(d->log, vma->vm_pgoff << PAGE_SHIFT),
			       PAGE_SIZE, vma->vm_page_prot);
}

static int pm_mmap(struct file *f, struct vm_area_struct *vma)
{
	if (vma->vm_pgoff == 1)
		return pm_mmap_ring(f, vma);
	if (vma->vm_pgoff == 2)
		return pm_mmap_log(f, vma);
	vma->vm_ops = &pm_vm_ops;
	vma->vm_private_data = f->private_data;
	return 0;
}

static long pm_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pm_dev *d = f->private_data;

	kfree(d->buf); /* expect: mapped-memory-freed */
	kfree(d->ring); /* expect: mapped-memory-freed */
	kfree(d->log); /* todo: mapped-memory-freed a sum the macro writes whole is not followed */
	d->buf = NULL;
	d->ring = NULL;
	d->log = NULL;
	return 0;
}

static const struct file_operations pm_fops = {
	.mmap = pm_mmap,
	.unlocked_ioctl = pm_ioctl,
};
