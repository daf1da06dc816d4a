#include <linux/mmlint_stub.h>
/*
 * Registers mapped at fault time: ->mmap only sets the protection and installs
 * the vm_ops, the fault handler inserts the BAR's pfn page by page, and remove()
 * never revokes. Reported on the fault's insert. Spellings: vmf_insert_pfn() of
 * a BAR offset (uncached in ->mmap); vmf_insert_mixed() of a pfn_t through a
 * helper (write-combined in ->mmap, the fault stored at probe time: fault_mixed.c).
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

struct ft_dev {
	phys_addr_t bar;
	unsigned long len;
};

static vm_fault_t ft_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct ft_dev *d = vma->vm_private_data;
	unsigned long off = vmf->address - vma->vm_start;

	if (off >= d->len)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vma, vmf->address, (d->bar + off) >> PAGE_SHIFT); /* expect: mmio-survives-teardown */
}

static const struct vm_operations_struct ft_vm_ops = {
	.fault = ft_fault,
};

static int ft_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_private_data = f->private_data;
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	vma->vm_ops = &ft_vm_ops;
	return 0;
}

static const struct file_operations ft_fops = { .mmap = ft_mmap };

static void ft_remove(void *pdev)
{
	struct ft_dev *d = pdev;

	d->bar = 0;	/* pci_release_regions() */
}

static struct pci_driver ft_driver = { .remove = ft_remove };
