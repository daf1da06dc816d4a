#include <linux/mmlint_stub.h>
/*
 * Device teardown on the other buses: every struct that embeds struct device_driver has a
 * remove (or disconnect) hook the bus calls at unbind. A CXL memory device's and an s390 AP
 * queue's remove are teardowns like a PCI driver's; their hooks were not in the rule's list
 * (scripts/driver-hooks finds them by that structure). The revoking form: bus_hooks_revoked.c.
 */

struct device_driver {
	const char *name;
};

struct cxl_driver {
	const char *name;
	int (*probe)(struct device *dev);
	void (*remove)(struct device *dev);
	struct device_driver drv;
	int id;
};

struct bh_dev {
	phys_addr_t regs;
	struct inode *inode;
};

static int bh_cxl_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct bh_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->regs >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* expect: mmio-survives-teardown */
}

static const struct file_operations bh_cxl_fops = { .mmap = bh_cxl_mmap };

static void bh_cxl_remove(struct device *dev)
{
	struct bh_dev *d = (struct bh_dev *)dev;

	d->regs = 0;
}

static struct cxl_driver bh_cxl_driver = { .name = "bh_cxl", .remove = bh_cxl_remove };
