#include <linux/mmlint_stub.h>
/*
 * A remove() that polls until the count of the open files drains returns after the last
 * mapping (a vma pins its file): hisi qm's shape (hisi_qm_wait_task_finish(): `while
 * (qm_frozen(qm)) msleep()`, the queue each open file gets counted in qp_in_used), here with
 * a helper that tests the count, and with wait_event(). Reported still: a poll that gives up
 * (waits_polling_gives_up.c), one on a count nothing in ->open counts up
 * (waits_polling_commands.c).
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

/* 1. Polled through a helper; the count kept under a lock by open and release. */
struct wp_dev {
	phys_addr_t bar;
	unsigned long len;
	int in_use;
};

static int wp_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct wp_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* ok: mmio-survives-teardown */
}

static int wp_open(struct inode *inode, struct file *f)
{
	struct wp_dev *d = f->private_data;

	d->in_use++;
	return 0;
}

static int wp_release(struct inode *inode, struct file *f)
{
	struct wp_dev *d = f->private_data;

	d->in_use--;
	return 0;
}

static const struct file_operations wp_fops = { .open = wp_open, .release = wp_release, .mmap = wp_mmap };

static bool wp_busy(struct wp_dev *d)
{
	if (d->in_use)
		return true;
	return false;
}

static void wp_remove(void *pdev)
{
	struct wp_dev *d = pdev;

	while (wp_busy(d))
		msleep(20);
	d->bar = 0;	/* pci_release_regions() */
}

static struct pci_driver wp_driver = { .remove = wp_remove };

/* 2. wait_event() on an atomic count the release wakes it for. */
struct we_dev {
	phys_addr_t bar;
	unsigned long len;
	atomic_t opened;
	wait_queue_head_t wq;
};

static int we_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct we_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* ok: mmio-survives-teardown */
}

static int we_open(struct inode *inode, struct file *f)
{
	struct we_dev *d = f->private_data;

	atomic_inc(&d->opened);
	return 0;
}

static int we_release(struct inode *inode, struct file *f)
{
	struct we_dev *d = f->private_data;

	if (atomic_dec_and_test(&d->opened))
		wake_up_all(&d->wq);
	return 0;
}

static const struct file_operations we_fops = { .open = we_open, .release = we_release, .mmap = we_mmap };

static void we_remove(void *pdev)
{
	struct we_dev *d = pdev;

	wait_event(d->wq, atomic_read(&d->opened) == 0);
	d->bar = 0;
}

static struct pci_driver we_driver = { .remove = we_remove };

