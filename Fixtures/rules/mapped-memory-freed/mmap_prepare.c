#include <linux/mmlint_stub.h>
/*
 * A driver converted to f_op->mmap_prepare (6.16+) maps its RAM ring with the remap action
 * (mmap_action_remap(), 2025 series "mm: add ability to take further action in
 * vm_area_desc": the core runs remap_pfn_range_complete() once the VMA is linked). The PTEs
 * are special, as remap_pfn_range()'s: a free outside ->release/->close without a zap still
 * hands mapped memory back.
 */

struct mv_dev {
	void *ring;
	void *win;
	size_t size;
};

static int mv_mmap_prepare(struct vm_area_desc *desc)
{
	struct mv_dev *d = desc->file->private_data;

	mmap_action_remap(desc, desc->start, virt_to_phys(d->ring) >> PAGE_SHIFT, d->size);
	return 0;
}

static const struct file_operations mv_fops = { .mmap_prepare = mv_mmap_prepare };

void mv_shrink(struct mv_dev *d)
{
	vfree(d->ring); /* expect: mapped-memory-freed */
	d->ring = NULL;
}

/* the whole VMA */
static int mv_win_mmap_prepare(struct vm_area_desc *desc)
{
	struct mv_dev *d = desc->file->private_data;

	mmap_action_remap_full(desc, page_to_pfn(virt_to_page(d->win)));
	return 0;
}

static const struct file_operations mv_win_fops = { .mmap_prepare = mv_win_mmap_prepare };

void mv_drop_win(struct mv_dev *d)
{
	kfree(d->win); /* expect: mapped-memory-freed */
	d->win = NULL;
}

/* freed in ->release: every vma pins the file */
static int mv_release(struct inode *inode, struct file *f)
{
	struct mv_dev *d = f->private_data;

	vfree(d->ring); /* ok: mapped-memory-freed */
	return 0;
}

static const struct file_operations mv_rel_fops = { .mmap_prepare = mv_mmap_prepare, .release = mv_release };
