#include <linux/mmlint_stub.h>
/*
 * The BAR is inserted at fault time; remove() zaps the file's mappings and
 * releases the regions. A zap with no change of state the fault tests is no
 * revoke: the next access refaults and vmf_insert_pfn() maps the released BAR
 * again. Spellings: a fault that tests only an offset; a fault that inserts
 * through a helper and tests a flag remove() never sets. The fixed form is
 * zap_revoked.c (a revoking zap quiets its whole file).
 */

struct pci_dev { struct device *dev; void *drvdata; };
struct pci_driver {
	const char *name;
	void (*remove)(struct pci_dev *pdev);
};
void *pci_get_drvdata(struct pci_dev *pdev);
void pci_release_regions(struct pci_dev *pdev);

/* 1. The fault tests an offset only. */
struct ns_dev {
	phys_addr_t bar;
	unsigned long len;
	struct inode *inode;
};

static vm_fault_t ns_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct ns_dev *d = vma->vm_private_data;
	unsigned long off = vmf->pgoff << PAGE_SHIFT;

	if (off >= d->len)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vma, vmf->address, (d->bar + off) >> PAGE_SHIFT); /* expect: mmio-survives-teardown the next fault maps the bar again */
}

static const struct vm_operations_struct ns_vm_ops = { .fault = ns_fault };

static int ns_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	vma->vm_ops = &ns_vm_ops;
	vma->vm_private_data = file->private_data;
	return 0;
}

static const struct file_operations ns_fops = { .mmap = ns_mmap };

static void ns_remove(struct pci_dev *pdev)
{
	struct ns_dev *d = pci_get_drvdata(pdev);

	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	pci_release_regions(pdev);
}

static struct pci_driver ns_driver = { .name = "ns", .remove = ns_remove };

/* 2. A helper inserts; the fault tests a suspend flag that remove() never sets. */
struct nh_dev {
	phys_addr_t db;
	bool suspended;
	struct address_space *mapping;
};

static vm_fault_t nh_map_doorbell(struct vm_fault *vmf, struct nh_dev *d)
{
	return vmf_insert_pfn(vmf->vma, vmf->address, d->db >> PAGE_SHIFT); /* expect: mmio-survives-teardown remove sets no state the fault tests */
}

static vm_fault_t nh_fault(struct vm_fault *vmf)
{
	struct nh_dev *d = vmf->vma->vm_private_data;

	if (READ_ONCE(d->suspended))
		return VM_FAULT_SIGBUS;
	return nh_map_doorbell(vmf, d);
}

static const struct vm_operations_struct nh_vm_ops = { .fault = nh_fault };

static int nh_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	vma->vm_ops = &nh_vm_ops;
	vma->vm_private_data = file->private_data;
	return 0;
}

static const struct file_operations nh_fops = { .mmap = nh_mmap };

static void nh_remove(struct pci_dev *pdev)
{
	struct nh_dev *d = pci_get_drvdata(pdev);

	unmap_mapping_range(d->mapping, 0, 0, 1);
	pci_release_regions(pdev);
}

static struct pci_driver nh_driver = { .name = "nh", .remove = nh_remove };
