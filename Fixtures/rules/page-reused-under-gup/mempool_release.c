#include <linux/mmlint_stub.h>
/*
 * A page taken from a mempool, mapped with a refcounted PTE (GUP can pin it) and
 * given back with mempool_free(): while the pool's reserve is below min_nr the
 * element stays in the reserve (mm/mempool.c add_element) and a later
 * mempool_alloc() hands it out again whatever its count, so a GUP pin taken
 * before the zap reads and writes the next owner's page. Spellings:
 * vm_insert_page() in ->mmap with a zap before the release; a fault handler's
 * vmf->page released in ->close. Quiet: put_page() of the same page (it lives
 * until GUP's put); a mempool element mapped with a special PTE (GUP refuses it:
 * mapped-memory-freed judges that one).
 */

struct mempool_s;
typedef struct mempool_s mempool_t;
void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask);
void mempool_free(void *element, mempool_t *pool);

/* 1. vm_insert_page() in ->mmap, zapped, then back to the pool. */
struct mp_dev {
	mempool_t *page_pool;
	struct page *page;
	struct inode *inode;
};

static int mp_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct mp_dev *d = file->private_data;

	return vm_insert_page(vma, vma->vm_start, d->page);
}

static const struct file_operations mp_fops = { .mmap = mp_mmap };

void mp_reset(struct mp_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	mempool_free(d->page, d->page_pool); /* expect: page-reused-under-gup the reserve hands the pinned page out again */
	d->page = mempool_alloc(d->page_pool, GFP_KERNEL);
}

/* 2. A fault handler's page, given back in ->close. */
struct mf_ctx {
	mempool_t *pool;
	struct page *scratch;
};

static vm_fault_t mf_fault(struct vm_fault *vmf)
{
	struct mf_ctx *c = vmf->vma->vm_private_data;

	get_page(c->scratch);
	vmf->page = c->scratch;
	return 0;
}

static void mf_close(struct vm_area_struct *vma)
{
	struct mf_ctx *c = vma->vm_private_data;

	mempool_free(c->scratch, c->pool); /* expect: page-reused-under-gup close does not drop gup pins */
	c->scratch = NULL;
}

static const struct vm_operations_struct mf_vm_ops = { .fault = mf_fault, .close = mf_close };

/* 3. Quiet: put_page() drops one reference; the page lives until GUP's put. */
struct mq_dev {
	struct page *page;
	struct inode *inode;
};

static int mq_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct mq_dev *d = file->private_data;

	return vm_insert_page(vma, vma->vm_start, d->page);
}

static const struct file_operations mq_fops = { .mmap = mq_mmap };

void mq_reset(struct mq_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	put_page(d->page); /* ok: page-reused-under-gup a reference drop waits for the pin */
	d->page = NULL;
}

/* 4. Quiet: a special PTE (remap_pfn_range): GUP never pins it. */
struct ms_dev {
	mempool_t *pool;
	void *buf;
	bool dead;
	struct mutex lock;
	struct inode *inode;
};

static int ms_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct ms_dev *d = file->private_data;
	int ret = -ENODEV;

	mutex_lock(&d->lock);
	if (!d->dead)
		ret = remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
	mutex_unlock(&d->lock);
	return ret;
}

static const struct file_operations ms_fops = { .mmap = ms_mmap };

void ms_remove(struct ms_dev *d)
{
	mutex_lock(&d->lock);
	d->dead = true;
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	mutex_unlock(&d->lock);
	mempool_free(d->buf, d->pool); /* ok: page-reused-under-gup a special pte holds no gup pin */
}
