#include <linux/mmlint_stub.h>
/*
 * A dma_pool block mapped into user space with a refcounted PTE, then handed back to the pool:
 * dma_pool_free() puts the block on the pool's free list at once (mm/dmapool.c), without reading
 * the page's count, so the next dma_pool_alloc() reuses memory GUP may still hold — the
 * gen_pool hazard in the DMA pool's spelling. Missed before: only gen_pool_free(_owner) were
 * releases. A block freed with the page allocator (free_pages: by reference) stays quiet.
 */

struct dma_pool;
void dma_pool_free(struct dma_pool *pool, void *vaddr, dma_addr_t dma);

struct dp_dev {
	struct dma_pool *pool;
	void *blk;
	dma_addr_t blk_dma;
	unsigned long page;
};

static int dp_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct dp_dev *d = f->private_data;

	if (vma->vm_pgoff)
		return vm_insert_page(vma, vma->vm_start, virt_to_page((void *)d->page));
	return vm_insert_page(vma, vma->vm_start, virt_to_page(d->blk));
}

static const struct file_operations dp_fops = { .mmap = dp_mmap };

void dp_remove(struct dp_dev *d)
{
	dma_pool_free(d->pool, d->blk, d->blk_dma); /* expect: page-reused-under-gup */
	free_pages(d->page, 0); /* ok: page-reused-under-gup */
}
