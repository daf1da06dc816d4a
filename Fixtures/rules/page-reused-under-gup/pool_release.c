#include <linux/mmlint_stub.h>
/*
 * page-reused-under-gup: pool memory (a gen_pool the driver carved from device or
 * reserved memory) mapped into user space with refcounted PTEs, then handed back
 * to the pool. GUP-fast takes a page reference through the PTE, re-reads the PTE
 * and keeps the reference; the zap that comes first removes the PTE, not that
 * reference, and gen_pool_free() never reads a page's count. Spelled several
 * ways: a zap then the release, a local alias, a helper, a macro.
 */

struct pr_dev {
	struct gen_pool *pool;
	void *ring;
	size_t ring_size;
	struct inode *inode;
};

/* 1. vm_insert_page() in ->mmap; remove() zaps, then frees to the pool. */
static int pr_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct pr_dev *d = f->private_data;

	return vm_insert_page(vma, vma->vm_start, virt_to_page(d->ring));
}

static const struct file_operations pr_fops = { .mmap = pr_mmap };

void pr_remove(struct pr_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	gen_pool_free(d->pool, (unsigned long)d->ring, d->ring_size); /* expect: page-reused-under-gup replay=confirmed */
}

/* 2. Other names, a local page and a local alias of the buffer. */
struct sram_ctx {
	struct gen_pool *sram;
	void *area;
	unsigned long len;
	struct address_space *mapping;
};

static int sram_ctx_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct sram_ctx *ctx = filp->private_data;
	struct page *pg = virt_to_page(ctx->area);

	return vm_insert_page(vma, vma->vm_start, pg);
}

static const struct file_operations sram_ctx_fops = { .mmap = sram_ctx_mmap };

static long sram_ctx_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct sram_ctx *ctx = filp->private_data;
	void *old = ctx->area;

	unmap_mapping_range(ctx->mapping, 0, 0, 1);
	gen_pool_free(ctx->sram, (unsigned long)old, ctx->len); /* expect: page-reused-under-gup replay=confirmed */
	return 0;
}

static const struct file_operations sram_ctx_ioctl_fops = { .unlocked_ioctl = sram_ctx_ioctl };

/* 3. A helper releases, another helper zaps, and vm_map_pages() maps the page array. */
struct hb_buf {
	struct gen_pool *owner_pool;
	struct page **pages;
	unsigned long npages;
	struct inode *ino;
};

static int hb_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct hb_buf *b = f->private_data;

	return vm_map_pages(vma, b->pages, b->npages);
}

static const struct file_operations hb_fops = { .mmap = hb_mmap };

static void hb_unmap_all(struct hb_buf *b)
{
	unmap_mapping_range(b->ino->i_mapping, 0, 0, 1);
}

static void hb_return_page(struct hb_buf *b, unsigned long i)
{
	gen_pool_free(b->owner_pool, (unsigned long)page_to_virt(b->pages[i]), PAGE_SIZE); /* expect: page-reused-under-gup */
}

void hb_destroy(struct hb_buf *b)
{
	unsigned long i;

	hb_unmap_all(b);
	for (i = 0; i < b->npages; i++)
		hb_return_page(b, i);
}

/* 4. The release spelled as a driver macro. */
#define mq_pool_put(q) gen_pool_free((q)->pool, (unsigned long)(q)->shm, (q)->shm_len)

struct mq_queue {
	struct gen_pool *pool;
	void *shm;
	size_t shm_len;
};

static int mq_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mq_queue *q = f->private_data;

	return vm_insert_page(vma, vma->vm_start, virt_to_page(q->shm));
}

static const struct file_operations mq_fops = { .mmap = mq_mmap };

void mq_teardown(struct mq_queue *q, struct vm_area_struct *vma)
{
	zap_vma_ptes(vma, vma->vm_start, PAGE_SIZE);
	mq_pool_put(q); /* expect: page-reused-under-gup replay=confirmed */
}

/* 5. The fixed forms: the pages released by reference (they live until GUP's put). */
struct fx_dev {
	struct page *page;
	struct page *spare;
	struct inode *inode;
};

static int fx_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct fx_dev *d = f->private_data;

	vm_insert_page(vma, vma->vm_start, d->spare);
	return vm_insert_page(vma, vma->vm_start, d->page);
}

static const struct file_operations fx_fops = { .mmap = fx_mmap };

void fx_remove(struct fx_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	__free_pages(d->page, 0); /* ok: page-reused-under-gup */
	put_page(d->spare); /* ok: page-reused-under-gup */
}

/* 6. The mapper's own error path: the memory was never published. */
static int ep_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct pr_dev *d = f->private_data;
	int ret;

	ret = vm_insert_page(vma, vma->vm_start, virt_to_page(d->ring));
	if (ret)
		gen_pool_free(d->pool, (unsigned long)d->ring, d->ring_size); /* ok: page-reused-under-gup */
	return ret;
}

static const struct file_operations ep_fops = { .mmap = ep_mmap };
