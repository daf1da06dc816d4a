#include <linux/mmlint_stub.h>
/*
 * waits_for_last_put.c's remove() where ->open counts nothing up: the release puts a reference
 * no open took, so remove's own put can be the last one and the wait ends while a file still
 * maps the BAR: reported.
 */

struct pci_driver {
	void (*remove)(struct platform_device *pdev);
};

struct nc_dev {
	phys_addr_t bar;
	struct kref ref;
	struct completion gone;
	unsigned int opens;
};

static void nc_last_put(struct kref *ref)
{
	complete(&container_of(ref, struct nc_dev, ref)->gone);
}

static int nc_open(struct inode *inode, struct file *f)
{
	((struct nc_dev *)f->private_data)->opens = 1;
	return 0;
}

static int nc_release(struct inode *inode, struct file *f)
{
	kref_put(&((struct nc_dev *)f->private_data)->ref, nc_last_put);
	return 0;
}

static int nc_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct nc_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* expect: mmio-survives-teardown */
}

static const struct file_operations nc_fops = { .open = nc_open, .mmap = nc_mmap, .release = nc_release };

static void nc_remove(struct platform_device *pdev)
{
	struct nc_dev *d = platform_get_drvdata(pdev);

	kref_put(&d->ref, nc_last_put);
	wait_for_completion(&d->gone);
}

static struct pci_driver nc_driver = { .remove = nc_remove };
