#include <linux/mmlint_stub.h>
/*
 * A driver whose only teardown is a device-managed action (it runs at unbind):
 * the action is the teardown. Reported when it never revokes; quiet when the
 * action zaps the file's mappings.
 */

int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data);

struct da_dev {
	struct device *dev;
	phys_addr_t bar;
	struct inode *inode;
};

static int da_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct da_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* expect: mmio-survives-teardown */
}

static const struct file_operations da_fops = { .mmap = da_mmap };

static void da_release_bar(void *data)
{
	struct da_dev *d = data;

	d->bar = 0;	/* pci_release_region() */
}

int da_probe(struct da_dev *d)
{
	return devm_add_action_or_reset(d->dev, da_release_bar, d);
}
