#include <linux/mmlint_stub.h>
/*
 * A drm/accel driver that maps a BAR page to user space at fault time (panthor's USER_MMIO
 * page, ivpu/qaic doorbells): the ->mmap sets a write-combined protection, the fault checks
 * drm_dev_enter() and inserts the BAR pfn. remove() calls drm_dev_unplug(), which marks the
 * device unplugged, waits for drm_dev_enter() sections (synchronize_srcu) and zaps the drm
 * device's anon inode mapping (drm_drv.c: unmap_mapping_range(dev->anon_inode->i_mapping, 0,
 * 0, 1)): the BAR can go after it. drm_dev_unplug() is a named zap, so the verdict does not
 * depend on drm_drv.c being parsed (a run over a driver's own folder); drm_unregister.c is the
 * same driver with drm_dev_unregister(), which revokes nothing.
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

struct ac_device {
	struct drm_device drm;
	struct pci_dev *pdev;
	phys_addr_t db_phys;
	void __iomem *regs;
};

static vm_fault_t ac_db_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct ac_device *ad = vma->vm_private_data;
	vm_fault_t ret;
	int idx;

	if (!drm_dev_enter(&ad->drm, &idx))
		return VM_FAULT_SIGBUS;
	ret = vmf_insert_pfn(vma, vmf->address, ad->db_phys >> PAGE_SHIFT); /* ok: mmio-survives-teardown */
	drm_dev_exit(idx);
	return ret;
}

static const struct vm_operations_struct ac_db_vm_ops = { .fault = ac_db_fault };

static int ac_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct ac_device *ad = filp->private_data;

	if (vma->vm_end - vma->vm_start != PAGE_SIZE)
		return -EINVAL;
	vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTCOPY | VM_DONTEXPAND);
	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	vma->vm_ops = &ac_db_vm_ops;
	vma->vm_private_data = ad;
	return 0;
}

static const struct file_operations ac_fops = { .mmap = ac_mmap };

static void ac_pci_remove(struct pci_dev *pdev)
{
	struct ac_device *ad = pdev->driver_data;

	drm_dev_unplug(&ad->drm);
	pci_iounmap(pdev, ad->regs);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
}

static struct pci_driver ac_pci_driver = {
	.name = "ac",
	.remove = ac_pci_remove,
};
