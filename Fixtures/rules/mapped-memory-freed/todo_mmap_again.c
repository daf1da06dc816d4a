#include <linux/mmlint_stub.h>
/*
 * ->mmap remaps a kmalloc'd buffer and tests no state; remove() zaps the saved
 * mapping and frees the buffer. A process that keeps the fd open can call mmap()
 * again after remove and map the freed pages: a zap without a state the mmap
 * path tests revokes nothing for later mmaps. Not judged yet (the rule judges
 * fault-time inserts only; UNCERTAIN how often a file refuses a new mmap()
 * another way after its device is gone).
 */

struct platform_driver {
	void (*remove)(struct platform_device *pdev);
};

extern struct fm_dev *fm_the_dev;

struct fm_dev {
	void *buf;
	size_t size;
	struct address_space *mapping;
};

static int fm_open(struct inode *inode, struct file *file)
{
	struct fm_dev *d = fm_the_dev;

	d->mapping = file->f_mapping;
	file->private_data = d;
	return 0;
}

static int fm_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct fm_dev *d = file->private_data;

	return remap_pfn_range(vma, vma->vm_start, page_to_pfn(virt_to_page(d->buf)), d->size, vma->vm_page_prot);
}

static const struct file_operations fm_fops = { .open = fm_open, .mmap = fm_mmap };

static void fm_remove(struct platform_device *pdev)
{
	struct fm_dev *d = platform_get_drvdata(pdev);

	if (d->mapping)
		unmap_mapping_range(d->mapping, 0, 0, 1);
	kfree(d->buf); /* todo: mapped-memory-freed a later mmap maps the freed buffer */
}

static struct platform_driver fm_driver = { .remove = fm_remove };
