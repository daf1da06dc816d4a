#include <linux/mmlint_stub.h>
/*
 * waits_for_release.c's remove with the wait written wait_for_completion_killable(): a fatal
 * signal to the task unbinding the driver ends the wait with -ERESTARTSYS
 * (kernel/sched/completion.c), the remove goes on and the BAR is released while a process
 * still maps it. The wait drains nothing: reported. (wait_for_completion_interruptible() and
 * _timeout() end early the same way.)
 */

int wait_for_completion_killable(struct completion *x);

struct pci_driver {
	void (*remove)(void *pdev);
};

struct wk_dev {
	phys_addr_t bar;
	unsigned long len;
	refcount_t users;
	struct completion user_comp;
};

static int wk_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct wk_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* expect: mmio-survives-teardown */
}

static void wk_put_user(struct wk_dev *d)
{
	if (refcount_dec_and_test(&d->users))
		complete(&d->user_comp);
}

static int wk_release(struct inode *inode, struct file *f)
{
	wk_put_user(f->private_data);
	return 0;
}

static const struct file_operations wk_fops = { .mmap = wk_mmap, .release = wk_release };

static void wk_remove(void *pdev)
{
	struct wk_dev *d = pdev;

	wk_put_user(d);
	if (wait_for_completion_killable(&d->user_comp))
		pr_warn("wk: remove interrupted\n");
	d->bar = 0;	/* pci_release_regions() */
}

static struct pci_driver wk_driver = { .remove = wk_remove };
