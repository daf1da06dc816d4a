#include <linux/mmlint_stub.h>
/*
 * Registers mapped at fault time, the uncached protection set by a helper of ->mmap
 * (`xx_set_prot(vma)`), not in ->mmap itself: the vma a fault of the file maps is still device
 * memory, and remove() never revokes. Reported on the fault's insert (formerly missed: only an
 * ->mmap's own protection counted for a fault). The same with the helper two calls down and
 * write-combined: protect_in_helper_wc.c.
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

struct ph_dev {
	phys_addr_t bar;
	unsigned long len;
};

static void ph_set_prot(struct vm_area_struct *vma)
{
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
}

static vm_fault_t ph_fault(struct vm_fault *vmf)
{
	struct ph_dev *d = vmf->vma->vm_private_data;
	unsigned long off = vmf->pgoff << PAGE_SHIFT;

	if (off >= d->len)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, (d->bar + off) >> PAGE_SHIFT); /* expect: mmio-survives-teardown */
}

static const struct vm_operations_struct ph_vm_ops = { .fault = ph_fault };

static int ph_mmap(struct file *f, struct vm_area_struct *vma)
{
	ph_set_prot(vma);
	vma->vm_ops = &ph_vm_ops;
	vma->vm_private_data = f->private_data;
	return 0;
}

static const struct file_operations ph_fops = { .mmap = ph_mmap };

static void ph_remove(void *pdev)
{
	struct ph_dev *d = pdev;

	d->bar = 0;	/* pci_release_regions() */
}

static struct pci_driver ph_driver = { .remove = ph_remove };
