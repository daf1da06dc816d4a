#include <linux/mmlint_stub.h>
/*
 * A remove() that removes the device's sysfs binary attribute revokes that
 * attribute file's mappings only (kernfs zaps its own inode's mapping): the
 * char device's ->mmap of the same BAR stays mapped after unbind
 * (uio_hv_generic in 6.1 removed its ring buffer attribute on remove while the
 * uio core's mappings of the device stayed).
 */

struct platform_driver {
	void (*remove)(struct platform_device *pdev);
};

struct as_dev {
	struct kobject kobj;
	phys_addr_t regs;
	phys_addr_t ring;
	unsigned long len;
};

static int as_cdev_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct as_dev *d = file->private_data;

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return io_remap_pfn_range(vma, vma->vm_start, d->regs >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* expect: mmio-survives-teardown removing the attribute does not revoke the char device */
}

static const struct file_operations as_fops = { .mmap = as_cdev_mmap };

static int as_ring_mmap(struct file *filp, struct kobject *kobj, const struct bin_attribute *attr,
			struct vm_area_struct *vma)
{
	struct as_dev *d = container_of(kobj, struct as_dev, kobj);

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return io_remap_pfn_range(vma, vma->vm_start, d->ring >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* ok: mmio-survives-teardown the attribute removal revokes its file */
}

static const struct bin_attribute as_ring_attr = {
	.attr = { .name = "ring", .mode = 0600 },
	.size = 4096,
	.mmap = as_ring_mmap,
};

static void as_remove(struct platform_device *pdev)
{
	struct as_dev *d = platform_get_drvdata(pdev);

	sysfs_remove_bin_file(&d->kobj, &as_ring_attr);
}

static struct platform_driver as_driver = { .remove = as_remove };
