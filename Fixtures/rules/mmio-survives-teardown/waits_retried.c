#include <linux/mmlint_stub.h>
/*
 * vfio's vfio_unregister_group_dev() shape (6.12 drivers/vfio/vfio_main.c:411-430): the
 * remove asks the user to let go and waits with wait_for_completion_interruptible_timeout(),
 * then wait_for_completion_timeout() once interrupted, again and again until the wait returns
 * a positive remainder — the last file's release completed. A wait that ends early counts
 * when it is retried around a loop: quiet. waits_interruptibly.c has the wait made once.
 */

long wait_for_completion_interruptible_timeout(struct completion *x, unsigned long timeout);
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
#define WR_TIMEOUT 1000

struct pci_driver {
	void (*remove)(void *pdev);
};

struct wt_dev {
	phys_addr_t bar;
	unsigned long len;
	refcount_t users;
	struct completion comp;
	void (*request)(struct wt_dev *d, unsigned int count);
};

static int wt_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct wt_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* ok: mmio-survives-teardown */
}

static void wt_put(struct wt_dev *d)
{
	if (refcount_dec_and_test(&d->users))
		complete(&d->comp);
}

static int wt_release(struct inode *inode, struct file *f)
{
	wt_put(f->private_data);
	return 0;
}

static const struct file_operations wt_fops = { .mmap = wt_mmap, .release = wt_release };

static void wt_unregister(struct wt_dev *d)
{
	unsigned int i = 0;
	bool interrupted = false;
	long rc;

	wt_put(d);
	rc = 0;
	while (rc <= 0) {
		if (d->request)
			d->request(d, i++);
		if (interrupted) {
			rc = wait_for_completion_timeout(&d->comp, WR_TIMEOUT);
		} else {
			rc = wait_for_completion_interruptible_timeout(&d->comp, WR_TIMEOUT);
			if (rc < 0)
				interrupted = true;
		}
	}
}

static void wt_remove(void *pdev)
{
	struct wt_dev *d = pdev;

	wt_unregister(d);
	d->bar = 0;	/* pci_release_regions() */
}

static struct pci_driver wt_driver = { .remove = wt_remove };
