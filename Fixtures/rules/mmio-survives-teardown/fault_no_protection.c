#include <linux/mmlint_stub.h>
/*
 * A fault-time pfn insert in a file whose ->mmap sets no device protection:
 * nothing says the pfn is device memory (a carve-out of RAM is mapped the same
 * way), so it is not judged.
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

struct fn_dev {
	phys_addr_t carveout;
};

static vm_fault_t fn_fault(struct vm_fault *vmf)
{
	struct fn_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, d->carveout >> PAGE_SHIFT); /* ok: mmio-survives-teardown */
}

static const struct vm_operations_struct fn_vm_ops = { .fault = fn_fault };

static int fn_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_private_data = f->private_data;
	vma->vm_ops = &fn_vm_ops;
	return 0;
}

static const struct file_operations fn_fops = { .mmap = fn_mmap };

static void fn_remove(void *pdev)
{
}

static struct pci_driver fn_driver = { .remove = fn_remove };
