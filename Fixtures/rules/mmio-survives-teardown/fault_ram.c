#include <linux/mmlint_stub.h>
/*
 * A fault that maps RAM (a struct page's pfn) into an uncached vma, and a fault
 * whose file's ->mmap sets no device protection: neither is evidence of MMIO.
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

struct fa_dev {
	struct page *page;
	phys_addr_t window;
};

static vm_fault_t fa_fault(struct vm_fault *vmf)
{
	struct fa_dev *d = vmf->vma->vm_private_data;
	unsigned long pfn = page_to_pfn(d->page);

	return vmf_insert_pfn(vmf->vma, vmf->address, pfn); /* ok: mmio-survives-teardown */
}

static const struct vm_operations_struct fa_vm_ops = { .fault = fa_fault };

static int fa_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_private_data = f->private_data;
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	vma->vm_ops = &fa_vm_ops;
	return 0;
}

static const struct file_operations fa_fops = { .mmap = fa_mmap };

static void fa_remove(void *pdev)
{
}

static struct pci_driver fa_driver = { .remove = fa_remove };
