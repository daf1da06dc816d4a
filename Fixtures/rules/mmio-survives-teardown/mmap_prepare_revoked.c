#include <linux/mmlint_stub.h>
/*
 * A driver on f_op->mmap_prepare (6.16+) that maps its BAR with the I/O remap action and
 * revokes the file's mappings in remove(): quiet, as with io_remap_pfn_range() in ->mmap.
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

struct mr_dev {
	phys_addr_t bar;
	struct inode *inode;
};

static int mr_mmap_prepare(struct vm_area_desc *desc)
{
	struct mr_dev *d = desc->file->private_data;

	mmap_action_ioremap_full(desc, d->bar >> PAGE_SHIFT); /* ok: mmio-survives-teardown */
	return 0;
}

static const struct file_operations mr_fops = { .mmap_prepare = mr_mmap_prepare };

static void mr_remove(void *pdev)
{
	struct mr_dev *d = pdev;

	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->bar = 0;
}

static struct pci_driver mr_driver = { .remove = mr_remove };
