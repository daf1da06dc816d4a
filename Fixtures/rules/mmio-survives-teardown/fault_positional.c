#include <linux/mmlint_stub.h>
/*
 * fault_time.c's shape with both ops tables written positionally, as older drivers write them:
 * `{ NULL, NULL, ft_fault }` fills vm_operations_struct's third member (.fault), `{ NULL,
 * pp_mmap }` file_operations' second (.mmap). Formerly missed: a positional item named no member,
 * so the fault was no fault callback and the ->mmap no ->mmap.
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

struct pp_dev {
	phys_addr_t bar;
	unsigned long len;
};

static vm_fault_t pp_fault(struct vm_fault *vmf)
{
	struct pp_dev *d = vmf->vma->vm_private_data;
	unsigned long off = vmf->pgoff << PAGE_SHIFT;

	if (off >= d->len)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, (d->bar + off) >> PAGE_SHIFT); /* expect: mmio-survives-teardown */
}

static const struct vm_operations_struct pp_vm_ops = { NULL, NULL, pp_fault };

static int pp_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	vma->vm_ops = &pp_vm_ops;
	vma->vm_private_data = f->private_data;
	return 0;
}

static const struct file_operations pp_fops = { NULL, pp_mmap };

static void pp_remove(void *pdev)
{
	struct pp_dev *d = pdev;

	d->bar = 0;	/* pci_release_regions() */
}

static struct pci_driver pp_driver = { pp_remove };
