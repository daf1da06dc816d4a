#include <linux/mmlint_stub.h>
/*
 * mmio-survives-teardown: registers mapped into user space, a remove() that never revokes.
 * Spellings: io_remap_pfn_range() in ->mmap, vm_iomap_memory() through a helper; and the
 * revoking forms: a zap in remove (directly, and through a helper).
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

struct mt_dev {
	phys_addr_t bar;
	unsigned long len;
	struct inode *inode;
};

static int mt_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mt_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* expect: mmio-survives-teardown */
}

static const struct file_operations mt_fops = { .mmap = mt_mmap };

static void mt_remove(void *pdev)
{
	struct mt_dev *d = pdev;

	d->bar = 0;	/* pci_release_regions(), pci_disable_device() … */
}

static struct pci_driver mt_driver = { .remove = mt_remove };
