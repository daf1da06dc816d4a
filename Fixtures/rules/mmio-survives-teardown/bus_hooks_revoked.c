#include <linux/mmlint_stub.h>
/*
 * An s390 AP queue driver's remove (struct ap_driver embeds struct device_driver) that revokes
 * the user mappings of its registers before the device goes: quiet. bus_hooks.c has the
 * unrevoked form on another bus.
 */

struct device_driver {
	const char *name;
};

struct ap_device;
struct ap_driver {
	struct device_driver driver;
	int (*probe)(struct ap_device *);
	void (*remove)(struct ap_device *);
};

struct bh_ap_dev {
	phys_addr_t regs;
	struct inode *inode;
};

/* the AP queue's registers, revoked before the device goes */
static int bh_ap_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct bh_ap_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->regs >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* ok: mmio-survives-teardown */
}

static const struct file_operations bh_ap_fops = { .mmap = bh_ap_mmap };

static void bh_ap_remove(struct ap_device *ap)
{
	struct bh_ap_dev *d = (struct bh_ap_dev *)ap;

	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->regs = 0;
}

static struct ap_driver bh_ap_driver = { .remove = bh_ap_remove };
