#include <linux/mmlint_stub.h>
/*
 * A remove() that polls the count of the open files but gives up after a number of tries (the
 * tries counted in a local): the files, and their mappings of the BAR, may remain when it
 * returns. waits_polling.c has the polls that wait for the last file.
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

/* A poll that gives up: the files may still be open when it returns. */
struct wg_dev {
	phys_addr_t bar;
	unsigned long len;
	atomic_t opened;
};

static int wg_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct wg_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* expect: mmio-survives-teardown */
}

static int wg_open(struct inode *inode, struct file *f)
{
	struct wg_dev *d = f->private_data;

	atomic_inc(&d->opened);
	return 0;
}

static int wg_release(struct inode *inode, struct file *f)
{
	struct wg_dev *d = f->private_data;

	atomic_dec(&d->opened);
	return 0;
}

static const struct file_operations wg_fops = { .open = wg_open, .release = wg_release, .mmap = wg_mmap };

static void wg_remove(void *pdev)
{
	struct wg_dev *d = pdev;
	int i;

	for (i = 0; i < 50 && atomic_read(&d->opened); i++)
		msleep(20);
	d->bar = 0;
}

static struct pci_driver wg_driver = { .remove = wg_remove };
