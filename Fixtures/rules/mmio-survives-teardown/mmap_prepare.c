#include <linux/mmlint_stub.h>
/*
 * The same hazard in a driver converted to f_op->mmap_prepare (6.16+): the hook has no VMA,
 * it asks the core to map the BAR after the VMA is linked (mmap_action_ioremap(), the 2025
 * "mm: add ability to take further action in vm_area_desc" series: the core then runs
 * io_remap_pfn_range_complete(), mm/util.c mmap_action_complete()). The mapping outlives
 * remove() all the same unless remove() revokes it.
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

struct mp_dev {
	phys_addr_t bar;
	unsigned long len;
	struct inode *inode;
};

/* the BAR, by the I/O remap action */
static int mp_mmap_prepare(struct vm_area_desc *desc)
{
	struct mp_dev *d = desc->file->private_data;

	mmap_action_ioremap(desc, desc->start, d->bar >> PAGE_SHIFT, PAGE_SIZE); /* expect: mmio-survives-teardown */
	return 0;
}

static const struct file_operations mp_fops = { .mmap_prepare = mp_mmap_prepare };

static void mp_remove(void *pdev)
{
	struct mp_dev *d = pdev;

	d->bar = 0;	/* pci_release_regions(), pci_disable_device() … */
}

static struct pci_driver mp_driver = { .remove = mp_remove };

/* the plain remap action with an uncached protection set on the descriptor: device memory */
struct mq_dev {
	phys_addr_t regs;
	struct inode *inode;
};

static int mq_mmap_prepare(struct vm_area_desc *desc)
{
	struct mq_dev *d = desc->file->private_data;

	desc->page_prot = pgprot_noncached(desc->page_prot);
	mmap_action_remap_full(desc, d->regs >> PAGE_SHIFT); /* expect: mmio-survives-teardown */
	return 0;
}

static const struct file_operations mq_fops = { .mmap_prepare = mq_mmap_prepare };

static void mq_remove(void *pdev)
{
	struct mq_dev *d = pdev;

	d->regs = 0;
}

static struct pci_driver mq_driver = { .remove = mq_remove };

/* 2026: vm_iomap_memory()'s mmap_prepare equivalent, from a physical address */
struct ms_dev {
	phys_addr_t mmio_base;
	unsigned long mmio_len;
};

static int ms_mmap_prepare(struct vm_area_desc *desc)
{
	struct ms_dev *d = desc->file->private_data;

	mmap_action_simple_ioremap(desc, d->mmio_base, d->mmio_len); /* expect: mmio-survives-teardown */
	return 0;
}

static const struct file_operations ms_fops = { .mmap_prepare = ms_mmap_prepare };

static void ms_remove(void *pdev)
{
	struct ms_dev *d = pdev;

	d->mmio_base = 0;
}

static struct pci_driver ms_driver = { .remove = ms_remove };
