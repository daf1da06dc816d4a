#include <linux/mmlint_stub.h>
/*
 * Resource files whose open redirects f_mapping to another address_space
 * (pci-sysfs.c: `res_attr->f_mapping = iomem_get_mapping`, applied at open by
 * fs/sysfs/file.c): the vmas live in the iomem inode's mapping, and the kernfs
 * zap on removal (the attribute file's own inode) misses them. Removing the
 * attribute is no revoke here.
 */

struct platform_driver {
	void (*remove)(struct platform_device *pdev);
};

struct rr_dev {
	struct kobject kobj;
	struct bin_attribute *res_attr;
	phys_addr_t start;
	size_t len;
};

static int rr_mmap_resource(struct file *filp, struct kobject *kobj, const struct bin_attribute *attr,
			    struct vm_area_struct *vma)
{
	struct rr_dev *d = container_of(kobj, struct rr_dev, kobj);

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return io_remap_pfn_range(vma, vma->vm_start, d->start >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* expect: mmio-survives-teardown the removal zaps the kernfs mapping not the iomem one */
}

int rr_create_attr(struct rr_dev *d, struct bin_attribute *res_attr)
{
	res_attr->attr.name = "resource0";
	res_attr->attr.mode = 0600;
	res_attr->mmap = rr_mmap_resource;
	res_attr->f_mapping = iomem_get_mapping;
	res_attr->size = d->len;
	d->res_attr = res_attr;
	return sysfs_create_bin_file(&d->kobj, res_attr);
}

static void rr_remove(struct platform_device *pdev)
{
	struct rr_dev *d = platform_get_drvdata(pdev);

	sysfs_remove_bin_file(&d->kobj, d->res_attr);
}

static struct platform_driver rr_driver = { .remove = rr_remove };
