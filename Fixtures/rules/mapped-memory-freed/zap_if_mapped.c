#include <linux/mmlint_stub.h>
/*
 * The zap skipped only where the mapping it zaps is NULL (`if (d->mapping)
 * unmap_mapping_range(d->mapping, 0, 0, 1);`, cxl/ocxl's detach shape): the mapping is saved
 * at open, so a NULL one means no file was ever opened and nothing is mapped. The way around
 * the zap on that side is no way to free under a mapping. A zap skipped on another test (a flag)
 * is still reported.
 */

struct zm_dev {
	void *buf;
	struct address_space *mapping;	/* the file's, saved at open */
	unsigned long flags;
	int users;
};

static struct zm_dev zm_the_dev;

static int zm_open(struct inode *inode, struct file *file)
{
	struct zm_dev *d = &zm_the_dev;

	d->mapping = file->f_mapping;
	file->private_data = d;
	return 0;
}

static int zm_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct zm_dev *d = file->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations zm_fops = { .open = zm_open, .mmap = zm_mmap };

void zm_remove(struct zm_dev *d)
{
	if (d->mapping)
		unmap_mapping_range(d->mapping, 0, 0, 1);
	kfree(d->buf); /* ok: mapped-memory-freed no mapping means nothing mapped */
	d->buf = NULL;
}

void zm_detach(struct zm_dev *d)
{
	if (!d->mapping)
		goto free;
	unmap_mapping_range(d->mapping, 0, 0, 1);
free:
	kfree(d->buf); /* ok: mapped-memory-freed */
	d->buf = NULL;
}

void zm_reset(struct zm_dev *d)
{
	if (d->flags)
		unmap_mapping_range(d->mapping, 0, 0, 1);
	kfree(d->buf); /* expect: mapped-memory-freed a flag skips the zap */
	d->buf = NULL;
}
