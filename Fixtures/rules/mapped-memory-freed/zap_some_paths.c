#include <linux/mmlint_stub.h>
/*
 * The zap runs on some paths only: the others free the memory under the user mapping. A zap
 * must come before the free on every way to it. Spellings: the zap under a flag argument,
 * in a helper called on one branch, skipped by an early goto. Fixed forms: a zap on both
 * branches, a zap before the branch.
 */

struct zs_dev {
	void *buf;
	void *ring;
	struct inode *inode;
};

static int zs_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct zs_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static int zs_ring_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct zs_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->ring) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations zs_fops = { .mmap = zs_mmap };
static const struct file_operations zs_ring_fops = { .mmap = zs_ring_mmap };

static void zs_revoke(struct zs_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

void zs_reset(struct zs_dev *d, bool force)
{
	if (force)
		unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	kfree(d->buf); /* expect: mapped-memory-freed */
	d->buf = NULL;
}

void zs_reset_helper(struct zs_dev *d, int mode)
{
	if (mode == 2)
		zs_revoke(d);
	vfree(d->ring); /* expect: mapped-memory-freed */
	d->ring = NULL;
}

int zs_shrink(struct zs_dev *d, int busy)
{
	if (busy)
		goto free;
	zs_revoke(d);
free:
	kfree(d->buf); /* expect: mapped-memory-freed */
	d->buf = NULL;
	return 0;
}

/* Fixed: a zap on every way to the free. */
void zs_reset_ok(struct zs_dev *d, bool force)
{
	if (force)
		unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	else
		zs_revoke(d);
	kfree(d->buf); /* ok: mapped-memory-freed */
	d->buf = NULL;
}

void zs_drop_ok(struct zs_dev *d, bool quiet)
{
	zs_revoke(d);
	if (!quiet)
		pr_debug("dropping\n");
	vfree(d->ring); /* ok: mapped-memory-freed */
	d->ring = NULL;
}
