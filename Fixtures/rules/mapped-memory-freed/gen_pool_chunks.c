#include <linux/mmlint_stub.h>
/*
 * gen_pool_free() returns a chunk to its pool (drivers/tee/tee_shm.c + tee_shm_pool.c shape):
 * shared memory carved from a gen_pool, handed to user space as an anon fd whose ->mmap
 * remap_pfn_range()s the chunk (special PTEs, no page reference), released with
 * gen_pool_free() when the last reference drops (the fd holds one: safe). A context teardown
 * that returns the chunks to the pool while their fds may still be mapped hands the memory to
 * the next allocation under the user's PTEs.
 */

int anon_inode_getfd(const char *name, const struct file_operations *fops, void *priv, int flags);
#define O_RDWR 2

struct ts_ctx {
	struct gen_pool *pool;
	struct list_head list_shm;
	struct mutex mutex;
};

struct ts_shm {
	struct ts_ctx *ctx;
	struct list_head link;
	void *kaddr;
	size_t size;
	refcount_t refcount;
};

static void ts_shm_release(struct ts_shm *shm)
{
	gen_pool_free(shm->ctx->pool, (unsigned long)shm->kaddr, shm->size); /* ok: mapped-memory-freed */
	kfree(shm);
}

void ts_shm_put(struct ts_shm *shm)
{
	if (refcount_dec_and_test(&shm->refcount))
		ts_shm_release(shm);
}

static int ts_shm_fop_release(struct inode *inode, struct file *filp)
{
	ts_shm_put(filp->private_data);
	return 0;
}

static int ts_shm_fop_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct ts_shm *shm = filp->private_data;
	size_t size = vma->vm_end - vma->vm_start;

	if (vma->vm_pgoff + (size >> PAGE_SHIFT) > shm->size >> PAGE_SHIFT)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(shm->kaddr) >> PAGE_SHIFT, size,
			       vma->vm_page_prot);
}

static const struct file_operations ts_shm_fops = {
	.release = ts_shm_fop_release,
	.mmap = ts_shm_fop_mmap,
};

int ts_shm_get_fd(struct ts_shm *shm)
{
	int fd;

	refcount_inc(&shm->refcount);
	fd = anon_inode_getfd("ts_shm", &ts_shm_fops, shm, O_RDWR);
	if (fd < 0)
		ts_shm_put(shm);
	return fd;
}

/* BUG: the context's teardown returns every chunk to the pool, fds (and mappings) or not. */
void ts_ctx_teardown(struct ts_ctx *ctx)
{
	struct ts_shm *shm;

	mutex_lock(&ctx->mutex);
	list_for_each_entry(shm, &ctx->list_shm, link)
		gen_pool_free(ctx->pool, (unsigned long)shm->kaddr, shm->size); /* expect: mapped-memory-freed */
	mutex_unlock(&ctx->mutex);
}

/* FIXED: the teardown drops the context's reference only; the fd's reference keeps the chunk. */
void ts_ctx_teardown_fixed(struct ts_ctx *ctx)
{
	struct ts_shm *shm;

	mutex_lock(&ctx->mutex);
	list_for_each_entry(shm, &ctx->list_shm, link)
		ts_shm_put(shm); /* ok: mapped-memory-freed */
	mutex_unlock(&ctx->mutex);
}
