#include <linux/mmlint_stub.h>
/*
 * A remove() that polls a count of commands in flight, which an ioctl counts up and the
 * release counts down: it drains without the files being closed, so it is no wait for the
 * last mapping. waits_polling.c has the polls that wait for the last file.
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

/* A count of commands in flight (an ioctl counts it up), not of open files. */
struct wc_dev {
	phys_addr_t bar;
	unsigned long len;
	atomic_t cmds;
};

static int wc_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct wc_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* expect: mmio-survives-teardown */
}

static long wc_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct wc_dev *d = f->private_data;

	atomic_inc(&d->cmds);
	return 0;
}

static int wc_release(struct inode *inode, struct file *f)
{
	struct wc_dev *d = f->private_data;

	atomic_dec(&d->cmds);
	return 0;
}

static const struct file_operations wc_fops = { .unlocked_ioctl = wc_ioctl, .release = wc_release, .mmap = wc_mmap };

static void wc_remove(void *pdev)
{
	struct wc_dev *d = pdev;

	while (atomic_read(&d->cmds))
		msleep(20);
	d->bar = 0;
}

static struct pci_driver wc_driver = { .remove = wc_remove };
