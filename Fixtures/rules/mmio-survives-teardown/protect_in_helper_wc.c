#include <linux/mmlint_stub.h>
/*
 * protect_in_helper.c's shape with the write-combined protection two calls below ->mmap.
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

struct pw_dev {
	phys_addr_t bar;
	unsigned long len;
};

static void pw_prot_wc(struct vm_area_struct *vma)
{
	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
}

static void pw_set_prot(struct vm_area_struct *vma)
{
	pw_prot_wc(vma);
}

static vm_fault_t pw_fault(struct vm_fault *vmf)
{
	struct pw_dev *d = vmf->vma->vm_private_data;
	unsigned long off = vmf->pgoff << PAGE_SHIFT;

	if (off >= d->len)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, (d->bar + off) >> PAGE_SHIFT); /* expect: mmio-survives-teardown */
}

static const struct vm_operations_struct pw_vm_ops = { .fault = pw_fault };

static int pw_mmap(struct file *f, struct vm_area_struct *vma)
{
	pw_set_prot(vma);
	vma->vm_ops = &pw_vm_ops;
	vma->vm_private_data = f->private_data;
	return 0;
}

static const struct file_operations pw_fops = { .mmap = pw_mmap };

static void pw_remove(void *pdev)
{
	struct pw_dev *d = pdev;

	d->bar = 0;	/* pci_release_regions() */
}

static struct pci_driver pw_driver = { .remove = pw_remove };
