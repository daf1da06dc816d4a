#include <linux/mmlint_stub.h>
/*
 * Fixed form of zap_without_revoke.c: remove() clears the state the fault
 * tests, in one section of the fault's lock with the zap, then releases the
 * regions; a fault after the section refuses.
 */

struct pci_dev { struct device *dev; void *drvdata; };
struct pci_driver {
	const char *name;
	void (*remove)(struct pci_dev *pdev);
};
void *pci_get_drvdata(struct pci_dev *pdev);
void pci_release_regions(struct pci_dev *pdev);

struct nf_dev {
	phys_addr_t bar;
	bool live;
	struct mutex lock;
	struct inode *inode;
};

static vm_fault_t nf_fault(struct vm_fault *vmf)
{
	struct nf_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&d->lock);
	if (d->live)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, d->bar >> PAGE_SHIFT); /* ok: mmio-survives-teardown revoked under the fault lock */
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct nf_vm_ops = { .fault = nf_fault };

static int nf_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	vma->vm_ops = &nf_vm_ops;
	vma->vm_private_data = file->private_data;
	return 0;
}

static const struct file_operations nf_fops = { .mmap = nf_mmap };

static void nf_remove(struct pci_dev *pdev)
{
	struct nf_dev *d = pci_get_drvdata(pdev);

	mutex_lock(&d->lock);
	d->live = false;
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	mutex_unlock(&d->lock);
	pci_release_regions(pdev);
}

static struct pci_driver nf_driver = { .name = "nf", .remove = nf_remove };
