#include <linux/mmlint_stub.h>
/*
 * A driver's own binary sysfs attribute maps a register window into user space
 * (bin_attribute.mmap, called from kernfs_fop_mmap()). Created at probe, never
 * removed on remove(): after unbind the window stays mapped, and mappable.
 * Spellings: a static attribute table; an attribute filled in at run time
 * (`e->attr.mmap = fn`, intel pmt's shape). The revoking twins are
 * sysfs_bin_removed.c; a removal in a file that redirects f_mapping is
 * sysfs_bin_redirected.c.
 */

struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	void (*remove)(struct platform_device *pdev);
};

/* 1. A static attribute. */
struct sl_dev {
	struct kobject kobj;
	phys_addr_t win;
	unsigned long win_len;
};

extern struct sl_dev *sl_the_dev;

static int sl_win_mmap(struct file *filp, struct kobject *kobj, const struct bin_attribute *attr,
		       struct vm_area_struct *vma)
{
	struct sl_dev *d = container_of(kobj, struct sl_dev, kobj);

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return io_remap_pfn_range(vma, vma->vm_start, d->win >> PAGE_SHIFT, d->win_len, vma->vm_page_prot); /* expect: mmio-survives-teardown unbind leaves the attribute and its mappings */
}

static const struct bin_attribute sl_win_attr = {
	.attr = { .name = "window", .mode = 0600 },
	.size = 4096,
	.mmap = sl_win_mmap,
};

static int sl_probe(struct platform_device *pdev)
{
	return sysfs_create_bin_file(&sl_the_dev->kobj, &sl_win_attr);
}

static void sl_remove(struct platform_device *pdev)
{
	struct sl_dev *d = platform_get_drvdata(pdev);

	d->win_len = 0;
}

static struct platform_driver sl_driver = { .probe = sl_probe, .remove = sl_remove };

/* 2. An attribute filled in at run time, one per telemetry region. */
struct te_entry {
	struct bin_attribute attr;
	struct kobject *kobj;
	unsigned long base;
	size_t size;
};

static int te_mmap(struct file *filp, struct kobject *kobj, const struct bin_attribute *attr,
		   struct vm_area_struct *vma)
{
	struct te_entry *e = container_of(attr, struct te_entry, attr);

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, PFN_DOWN(e->base), e->size, vma->vm_page_prot); /* expect: mmio-survives-teardown the region file outlives the device */
}

int te_add_region(struct te_entry *e)
{
	e->attr.attr.name = "region";
	e->attr.attr.mode = 0400;
	e->attr.mmap = te_mmap;
	e->attr.size = e->size;
	return sysfs_create_bin_file(e->kobj, &e->attr);
}

static void te_remove(struct platform_device *pdev)
{
	struct te_entry *e = platform_get_drvdata(pdev);

	e->size = 0;
}

static struct platform_driver te_driver = { .remove = te_remove };
