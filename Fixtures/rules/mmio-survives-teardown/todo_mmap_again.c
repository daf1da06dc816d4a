#include <linux/mmlint_stub.h>
/*
 * ->mmap io_remaps the BAR and tests no device state; remove() zaps the file's
 * mappings and releases the regions. A process that keeps the fd open can call
 * mmap() again after remove and reach the released BAR: a zap without a state
 * the mmap path tests revokes nothing for later mmaps. Not judged yet (the rule
 * judges fault-time paths only: UNCERTAIN how many drivers' files refuse a new
 * mmap() another way, such as a framework that fails its file operations after
 * unregistering).
 */

struct pci_dev { struct device *dev; void *drvdata; };
struct pci_driver {
	const char *name;
	void (*remove)(struct pci_dev *pdev);
};
void *pci_get_drvdata(struct pci_dev *pdev);
void pci_release_regions(struct pci_dev *pdev);

struct nm_dev {
	phys_addr_t bar;
	unsigned long len;
	struct inode *inode;
};

static int nm_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct nm_dev *d = file->private_data;

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* todo: mmio-survives-teardown a later mmap maps the released bar */
}

static const struct file_operations nm_fops = { .mmap = nm_mmap };

static void nm_remove(struct pci_dev *pdev)
{
	struct nm_dev *d = pci_get_drvdata(pdev);

	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	pci_release_regions(pdev);
}

static struct pci_driver nm_driver = { .name = "nm", .remove = nm_remove };
