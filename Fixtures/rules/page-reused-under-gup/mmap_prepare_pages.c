#include <linux/mmlint_stub.h>
/*
 * page-reused-under-gup for a driver on f_op->mmap_prepare (6.16+) that maps a page array
 * with mmap_action_map_kernel_pages() (2026 mmap_prepare series, Lorenzo Stoakes: the
 * mmap_prepare equivalent of vm_map_pages(), run by the core once the VMA is linked). The
 * pages are mapped refcounted, so GUP takes its own reference through them: pool memory
 * behind the array handed back with gen_pool_free() is reused under a GUP reference, zap or
 * not.
 */

struct mk_area {
	struct gen_pool *pool;
	void *base;
	struct page **pg;
	unsigned long count;
	struct inode *ino;
};

int mk_area_init(struct mk_area *a)
{
	unsigned long i;

	for (i = 0; i < a->count; i++)
		a->pg[i] = virt_to_page(a->base + i * PAGE_SIZE);
	return 0;
}

static int mk_mmap_prepare(struct vm_area_desc *desc)
{
	struct mk_area *a = desc->file->private_data;

	mmap_action_map_kernel_pages(desc, desc->start, a->pg, a->count);
	return 0;
}

static const struct file_operations mk_fops = { .mmap_prepare = mk_mmap_prepare };

void mk_area_fini(struct mk_area *a)
{
	unmap_mapping_range(a->ino->i_mapping, 0, 0, 1);
	gen_pool_free(a->pool, (unsigned long)a->base, a->count * PAGE_SIZE); /* expect: page-reused-under-gup replay=confirmed */
}

/* The whole VMA. */
struct mf_area {
	struct gen_pool *pool;
	void *base;
	struct page **pg;
	unsigned long count;
};

int mf_area_init(struct mf_area *a)
{
	unsigned long i;

	for (i = 0; i < a->count; i++)
		a->pg[i] = virt_to_page(a->base + i * PAGE_SIZE);
	return 0;
}

static int mf_mmap_prepare(struct vm_area_desc *desc)
{
	struct mf_area *a = desc->file->private_data;

	mmap_action_map_kernel_pages_full(desc, a->pg);
	return 0;
}

static const struct file_operations mf_fops = { .mmap_prepare = mf_mmap_prepare };

void mf_area_fini(struct mf_area *a)
{
	gen_pool_free(a->pool, (unsigned long)a->base, a->count * PAGE_SIZE); /* expect: page-reused-under-gup replay=confirmed */
}
