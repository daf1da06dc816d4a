#include <linux/mmlint_stub.h>
/*
 * page-reused-under-gup: a pool release that comes only after a per-page drain —
 * the driver zaps, then waits until each page's reference count is back to the
 * one reference it holds itself, so every GUP reference has been put.
 */

int page_ref_count(const struct page *page);
void msleep(unsigned int msecs);

struct bq_dev {
	struct gen_pool *pool;
	void *ring;
	size_t ring_len;
	struct inode *ino;
};

static int bq_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct bq_dev *b = file->private_data;

	return vm_insert_page(vma, vma->vm_start, virt_to_page(b->ring));
}

static const struct file_operations bq_fops = { .mmap = bq_mmap };

void bq_remove(struct bq_dev *b)
{
	struct page *pg = virt_to_page(b->ring);

	unmap_mapping_range(b->ino->i_mapping, 0, 0, 1);
	while (page_ref_count(pg) > 1)
		msleep(10);
	gen_pool_free(b->pool, (unsigned long)b->ring, b->ring_len); /* ok: page-reused-under-gup */
}

/* The count read, but not waited on: still a release under GUP's reference. */
void bq_reset(struct bq_dev *b)
{
	unmap_mapping_range(b->ino->i_mapping, 0, 0, 1);
	if (page_ref_count(virt_to_page(b->ring)) > 1)
		pr_warn("bq: ring still referenced\n");
	gen_pool_free(b->pool, (unsigned long)b->ring, b->ring_len); /* expect: page-reused-under-gup replay=confirmed */
}
