#include <linux/mmlint_stub.h>
/* Quiet: uncached BAR mappings, and remove() revokes them (state first, then the zap). */

struct pci_driver {
	void (*remove)(void *pdev);
};

struct pr_dev {
	phys_addr_t bar;
	unsigned long len;
	bool gone;
	struct inode *inode;
};

static int pr_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct pr_dev *d = f->private_data;

	if (d->gone)
		return -EINVAL;
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* ok: mmio-survives-teardown */
}

static const struct file_operations pr_fops = { .mmap = pr_mmap };

static void pr_remove(void *pdev)
{
	struct pr_dev *d = pdev;

	d->gone = true; /* expect: revoke-order (the fault tests it locklessly and no grace period follows) */
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

static struct pci_driver pr_driver = { .remove = pr_remove };
