#include <linux/mmlint_stub.h>
/*
 * Fixed forms of sysfs_bin_unrevoked.c: remove() removes the attribute. kernfs
 * drains its open files and zaps the attribute file's mapping
 * (kernfs_drain_open_files), and a later mmap() of the removed file fails
 * (kernfs_get_active()): a revoke. Spellings: sysfs_remove_bin_file() of a
 * static table; device_remove_bin_file() of one filled in at run time.
 */

struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	void (*remove)(struct platform_device *pdev);
};

struct sb_dev {
	struct kobject kobj;
	phys_addr_t win;
	unsigned long win_len;
};

static int sb_win_mmap(struct file *filp, struct kobject *kobj, const struct bin_attribute *attr,
		       struct vm_area_struct *vma)
{
	struct sb_dev *d = container_of(kobj, struct sb_dev, kobj);

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return io_remap_pfn_range(vma, vma->vm_start, d->win >> PAGE_SHIFT, d->win_len, vma->vm_page_prot); /* ok: mmio-survives-teardown removing the attribute zaps its mappings */
}

static const struct bin_attribute sb_win_attr = {
	.attr = { .name = "window", .mode = 0600 },
	.size = 4096,
	.mmap = sb_win_mmap,
};

static void sb_remove(struct platform_device *pdev)
{
	struct sb_dev *d = platform_get_drvdata(pdev);

	sysfs_remove_bin_file(&d->kobj, &sb_win_attr);
}

static struct platform_driver sb_driver = { .remove = sb_remove };

struct gm_info {
	struct device *dev;
	struct bin_attribute attr_global_mmio;
	phys_addr_t global_mmio;
	size_t global_mmio_size;
};

static int gm_global_mmio_mmap(struct file *filp, struct kobject *kobj, const struct bin_attribute *attr,
			       struct vm_area_struct *vma)
{
	struct gm_info *info = container_of(attr, struct gm_info, attr_global_mmio);

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return io_remap_pfn_range(vma, vma->vm_start, info->global_mmio >> PAGE_SHIFT, /* ok: mmio-survives-teardown removed on remove */
				  info->global_mmio_size, vma->vm_page_prot);
}

int gm_sysfs_add(struct gm_info *info)
{
	info->attr_global_mmio.attr.name = "global_mmio_area";
	info->attr_global_mmio.attr.mode = 0600;
	info->attr_global_mmio.size = info->global_mmio_size;
	info->attr_global_mmio.mmap = gm_global_mmio_mmap;
	return device_create_bin_file(info->dev, &info->attr_global_mmio);
}

static void gm_remove(struct platform_device *pdev)
{
	struct gm_info *info = platform_get_drvdata(pdev);

	device_remove_bin_file(info->dev, &info->attr_global_mmio);
}

static struct platform_driver gm_driver = { .remove = gm_remove };
