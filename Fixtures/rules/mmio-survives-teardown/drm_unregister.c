#include <linux/mmlint_stub.h>
/*
 * drm_unplug.c's driver with remove() calling drm_dev_unregister() instead of
 * drm_dev_unplug(): unregistering removes the device node for new opens, but mappings of files
 * already open (the BAR page its fault handler inserts) survive the release of the BAR.
 */

struct drm_device { struct inode *anon_inode; void *dev_private; };
bool drm_dev_enter(struct drm_device *dev, int *idx);
void drm_dev_exit(int idx);
void drm_dev_unplug(struct drm_device *dev);
void drm_dev_unregister(struct drm_device *dev);
struct pci_dev { struct device *dev; void *driver_data; };
void pci_iounmap(struct pci_dev *pdev, void __iomem *addr);
void pci_release_regions(struct pci_dev *pdev);
void pci_disable_device(struct pci_dev *pdev);
struct pci_driver {
	const char *name;
	int (*probe)(struct pci_dev *pdev, const void *id);
	void (*remove)(struct pci_dev *pdev);
};
vm_fault_t vmf_insert_pfn_prot(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn, pgprot_t pgprot);

struct au_device {
	struct drm_device drm;
	struct pci_dev *pdev;
	phys_addr_t db_phys;
	void __iomem *regs;
};

static vm_fault_t au_db_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct au_device *ad = vma->vm_private_data;
	vm_fault_t ret;
	int idx;

	if (!drm_dev_enter(&ad->drm, &idx))
		return VM_FAULT_SIGBUS;
	ret = vmf_insert_pfn(vma, vmf->address, ad->db_phys >> PAGE_SHIFT); /* expect: mmio-survives-teardown (drm_dev_unregister revokes nothing) */
	drm_dev_exit(idx);
	return ret;
}

static const struct vm_operations_struct au_db_vm_ops = { .fault = au_db_fault };

static int au_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct au_device *ad = filp->private_data;

	if (vma->vm_end - vma->vm_start != PAGE_SIZE)
		return -EINVAL;
	vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTCOPY | VM_DONTEXPAND);
	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	vma->vm_ops = &au_db_vm_ops;
	vma->vm_private_data = ad;
	return 0;
}

static const struct file_operations au_fops = { .mmap = au_mmap };

static void au_pci_remove(struct pci_dev *pdev)
{
	struct au_device *ad = pdev->driver_data;

	drm_dev_unregister(&ad->drm);
	pci_iounmap(pdev, ad->regs);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
}

static struct pci_driver au_pci_driver = {
	.name = "ac",
	.remove = au_pci_remove,
};
