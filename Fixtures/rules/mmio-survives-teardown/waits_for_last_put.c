#include <linux/mmlint_stub.h>
/*
 * vfio's shape: each ->open takes a kref on the device, the file's ->release puts it, and the
 * last put's release function completes `gone`; remove() puts its own reference and waits for
 * `gone`, so it returns only after the last file (hence the last vma) is gone: not reported.
 * (waits_without_open_ref.c: the same remove where ->open counts nothing up, reported.)
 */

struct pci_driver {
	void (*remove)(struct platform_device *pdev);
};

struct lp_dev {
	phys_addr_t bar;
	struct kref ref;
	struct completion gone;
};

static void lp_last_put(struct kref *ref)
{
	complete(&container_of(ref, struct lp_dev, ref)->gone);
}

static int lp_open(struct inode *inode, struct file *f)
{
	kref_get(&((struct lp_dev *)f->private_data)->ref);
	return 0;
}

static int lp_release(struct inode *inode, struct file *f)
{
	kref_put(&((struct lp_dev *)f->private_data)->ref, lp_last_put);
	return 0;
}

static int lp_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct lp_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* ok: mmio-survives-teardown */
}

static const struct file_operations lp_fops = { .open = lp_open, .mmap = lp_mmap, .release = lp_release };

static void lp_remove(struct platform_device *pdev)
{
	struct lp_dev *d = platform_get_drvdata(pdev);

	kref_put(&d->ref, lp_last_put);
	wait_for_completion(&d->gone);
}

static struct pci_driver lp_driver = { .remove = lp_remove };
