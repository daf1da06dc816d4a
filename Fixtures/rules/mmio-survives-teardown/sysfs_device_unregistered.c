#include <linux/mmlint_stub.h>
/*
 * A class device carrying a binary "bar" attribute (shape of drivers/fpga and
 * drivers/misc/pci_endpoint_test-style control devices): the attribute is created on the
 * child device and remove() unregisters the child. device_unregister() -> device_del() ->
 * kobject_del() -> sysfs_remove_dir() -> kernfs_remove(): __kernfs_remove() deactivates and
 * drains every node of the subtree (fs/kernfs/dir.c kernfs_drain -> kernfs_drain_open_files,
 * which zaps each mmapped file). A revoke of the attribute's mappings: must stay quiet.
 */

void device_unregister(struct device *dev);

struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	void (*remove)(struct platform_device *pdev);
};

struct dd_dev {
	struct device *child;
	phys_addr_t bar;
	unsigned long bar_len;
	struct bin_attribute bar_attr;
};

static int dd_bar_mmap(struct file *filp, struct kobject *kobj, const struct bin_attribute *attr,
		       struct vm_area_struct *vma)
{
	struct dd_dev *d = container_of(attr, struct dd_dev, bar_attr);

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, d->bar_len, vma->vm_page_prot); /* ok: mmio-survives-teardown device del drains the attribute */
}

static int dd_probe(struct platform_device *pdev)
{
	struct dd_dev *d = platform_get_drvdata(pdev);

	d->bar_attr.attr.name = "bar";
	d->bar_attr.attr.mode = 0600;
	d->bar_attr.size = d->bar_len;
	d->bar_attr.mmap = dd_bar_mmap;
	return device_create_bin_file(d->child, &d->bar_attr);
}

static void dd_remove(struct platform_device *pdev)
{
	struct dd_dev *d = platform_get_drvdata(pdev);

	device_unregister(d->child);
}

static struct platform_driver dd_driver = { .probe = dd_probe, .remove = dd_remove };
