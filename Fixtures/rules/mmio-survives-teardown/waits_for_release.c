#include <linux/mmlint_stub.h>
/*
 * A remove() that waits for every open file keeps the BAR until the last
 * mapping is gone (a vma pins its file): hfi1's wait_for_clients() on
 * user_comp, completed by the file's ->release when the last user leaves.
 * Reported still (waits_for_irq.c): a wait nothing in ->release completes.
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

struct wr_dev {
	phys_addr_t bar;
	unsigned long len;
	refcount_t users;
	struct completion user_comp;
	struct completion irq_done;
};

static int wr_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct wr_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* ok: mmio-survives-teardown */
}

static void wr_put_user(struct wr_dev *d)
{
	if (refcount_dec_and_test(&d->users))
		complete(&d->user_comp);
}

static int wr_release(struct inode *inode, struct file *f)
{
	wr_put_user(f->private_data);
	return 0;
}

static const struct file_operations wr_fops = { .mmap = wr_mmap, .release = wr_release };

static void wr_wait_for_clients(struct wr_dev *d)
{
	wr_put_user(d);
	wait_for_completion(&d->user_comp);
}

static void wr_remove(void *pdev)
{
	struct wr_dev *d = pdev;

	wr_wait_for_clients(d);
	d->bar = 0;	/* pci_release_regions() */
}

static struct pci_driver wr_driver = { .remove = wr_remove };
