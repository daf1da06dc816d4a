#include <linux/mmlint_stub.h>
/* The fixed forms: remove() zaps the file's mappings, directly or through a helper. */

struct pci_driver {
	void (*remove)(void *pdev);
};

struct rv_dev {
	phys_addr_t bar;
	bool gone;
	struct inode *inode;
};

static int rv_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rv_dev *d = f->private_data;

	if (d->gone)
		return -EFAULT;
	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* ok: mmio-survives-teardown */
}

static const struct file_operations rv_fops = { .mmap = rv_mmap };

static void rv_revoke(struct rv_dev *d)
{
	d->gone = true; /* expect: revoke-order (the fault tests it locklessly and no grace period follows) */
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

static void rv_remove(void *pdev)
{
	rv_revoke(pdev);
}

static struct pci_driver rv_driver = { .remove = rv_remove };
