#include <linux/mmlint_stub.h>
/*
 * cdev_parent_release.c without the cdev: a misc device's file does not hold the struct device
 * whose release frees the buffer (misc_register() keeps no parent link to it), so the release
 * can run while a process still maps the buffer by pfn: reported.
 */

struct device {
	void (*release)(struct device *dev);
};

struct du_dev {
	struct device dev;
	char *cmd_buf;
	size_t size;
};

static int du_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct du_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->cmd_buf) >> PAGE_SHIFT, d->size, vma->vm_page_prot);
}

static const struct file_operations du_fops = { .mmap = du_mmap };

static void du_dev_release(struct device *dev)
{
	struct du_dev *d = container_of(dev, struct du_dev, dev);

	free_pages((unsigned long)d->cmd_buf, 0); /* expect: mapped-memory-freed */
	kfree(d);
}

void du_setup(struct du_dev *d)
{
	d->dev.release = du_dev_release;
}
