#include <linux/mmlint_stub.h>
/*
 * ublk's shape (drivers/block/ublk_drv.c): the command buffers a char device's ->mmap maps by
 * pfn are freed in the release of the struct device that cdev_device_add() made the cdev's
 * parent. Each open file holds the cdev (chrdev_open), the cdev its parent device: the
 * release runs after the last file, so after the last mapping — not reported. A device
 * release in a file that never makes its device a cdev's parent is judged as any free.
 */

struct device {
	void (*release)(struct device *dev);
};
struct cdev {
	const struct file_operations *ops;
};
void cdev_init(struct cdev *cdev, const struct file_operations *fops);
int cdev_device_add(struct cdev *cdev, struct device *dev);

struct cp_dev {
	struct cdev cdev;
	struct device cdev_dev;
	char *cmd_buf;
	size_t size;
};

static int cp_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct cp_dev *d = f->private_data;
	unsigned long pfn = virt_to_phys(d->cmd_buf) >> PAGE_SHIFT;

	return remap_pfn_range(vma, vma->vm_start, pfn, d->size, vma->vm_page_prot);
}

static const struct file_operations cp_fops = { .mmap = cp_mmap };

static void cp_dev_release(struct device *dev)
{
	struct cp_dev *d = container_of(dev, struct cp_dev, cdev_dev);

	free_pages((unsigned long)d->cmd_buf, 0); /* ok: mapped-memory-freed */
	kfree(d);
}

int cp_add(struct cp_dev *d)
{
	struct device *dev = &d->cdev_dev;

	dev->release = cp_dev_release;
	cdev_init(&d->cdev, &cp_fops);
	return cdev_device_add(&d->cdev, dev);
}
