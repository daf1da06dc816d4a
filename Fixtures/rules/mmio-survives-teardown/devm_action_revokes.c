#include <linux/mmlint_stub.h>
/* The fixed form: the device-managed action zaps the file's mappings before the BAR goes. */

int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data);

struct dr_dev {
	struct device *dev;
	phys_addr_t bar;
	bool gone;
	struct inode *inode;
};

static int dr_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct dr_dev *d = f->private_data;

	if (d->gone)
		return -EINVAL;
	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* ok: mmio-survives-teardown */
}

static const struct file_operations dr_fops = { .mmap = dr_mmap };

static void dr_revoke(void *data)
{
	struct dr_dev *d = data;

	d->gone = true; /* expect: revoke-order (the fault tests it locklessly and no grace period follows) */
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->bar = 0;
}

int dr_probe(struct dr_dev *d)
{
	return devm_add_action_or_reset(d->dev, dr_revoke, d);
}
