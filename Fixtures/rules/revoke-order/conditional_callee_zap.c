#include <linux/mmlint_stub.h>
/*
 * A zap in a callee that tests the object's own state first: drm_vma_node_unmap() zaps only
 * `if (drm_mm_node_allocated(&node->vm_node))` (an object with no mmap offset has no mapping to
 * remove). It is a revoke for its caller: a GEM purge that zaps through it, then takes the lock
 * the fault tests under and marks the object purged, lets a fault between the two re-insert.
 * A callee that zaps only when its caller asks (`if (force)`) or only on its own error path is
 * no revoke.
 */

struct cz_mm_node {
	u64 start;
	u64 size;
	unsigned long flags;
};

struct cz_vma_node {
	struct cz_mm_node vm_node;
};

static inline bool cz_node_allocated(const struct cz_mm_node *node)
{
	return node->flags & 1;
}

static inline void cz_node_unmap(struct cz_vma_node *node, struct address_space *mapping)
{
	if (cz_node_allocated(&node->vm_node))
		unmap_mapping_range(mapping, node->vm_node.start << PAGE_SHIFT, node->vm_node.size << PAGE_SHIFT, 1);
}

static void cz_maybe_unmap(struct address_space *mapping, bool force)
{
	if (force)
		unmap_mapping_range(mapping, 0, 0, 1);
}

struct cz_object {
	struct mutex lock;
	struct cz_vma_node vma_node;
	struct inode *inode;
	struct page **pages;
	int madv;
};

static vm_fault_t cz_fault(struct vm_fault *vmf)
{
	struct cz_object *obj = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&obj->lock);
	if (obj->madv >= 0)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(obj->pages[vmf->pgoff]));
	mutex_unlock(&obj->lock);
	return ret;
}

static const struct vm_operations_struct cz_vm_ops = { .fault = cz_fault };

/* The zap through the helper, then the locked state change: a fault in between re-inserts. */
void cz_purge_bad(struct cz_object *obj)
{
	cz_node_unmap(&obj->vma_node, obj->inode->i_mapping);
	mutex_lock(&obj->lock);
	obj->madv = -1; /* expect: revoke-order */
	mutex_unlock(&obj->lock);
}

/* The state first, under the lock the fault tests under, then the zap. */
void cz_purge(struct cz_object *obj)
{
	mutex_lock(&obj->lock);
	obj->madv = -1; /* ok: revoke-order */
	mutex_unlock(&obj->lock);
	cz_node_unmap(&obj->vma_node, obj->inode->i_mapping);
}

/* Both inside the section the fault takes. */
void cz_purge_locked(struct cz_object *obj)
{
	mutex_lock(&obj->lock);
	cz_node_unmap(&obj->vma_node, obj->inode->i_mapping);
	obj->madv = -1; /* ok: revoke-order */
	mutex_unlock(&obj->lock);
}

/* A zap the caller may not ask for is no revoke: nothing to order against. */
void cz_reset(struct cz_object *obj, bool force)
{
	cz_maybe_unmap(obj->inode->i_mapping, force);
	mutex_lock(&obj->lock);
	obj->madv = 0; /* ok: revoke-order */
	mutex_unlock(&obj->lock);
}

/*
 * drm_gem_shmem's order (6.12 drm_gem_shmem_purge()): with the object's reservation lock held by
 * the caller, the state first, then the zap; the fault tests the state under that lock, a
 * wound/wait mutex taken through dma_resv_lock()-style inline wrappers.
 */
struct ww_acquire_ctx;
struct ww_mutex {
	struct mutex base;
};
int ww_mutex_lock(struct ww_mutex *lock, struct ww_acquire_ctx *ctx);
void ww_mutex_unlock(struct ww_mutex *lock);

struct cz_resv {
	struct ww_mutex lock;
};

static inline int cz_resv_lock(struct cz_resv *obj, struct ww_acquire_ctx *ctx)
{
	return ww_mutex_lock(&obj->lock, ctx);
}

static inline void cz_resv_unlock(struct cz_resv *obj)
{
	ww_mutex_unlock(&obj->lock);
}

struct cz_shmem {
	struct cz_resv *resv;
	struct cz_vma_node vma_node;
	struct inode *inode;
	struct page **pages;
	int madv;
};

static vm_fault_t cz_shmem_fault(struct vm_fault *vmf)
{
	struct cz_shmem *shmem = vmf->vma->vm_private_data;
	vm_fault_t ret;

	cz_resv_lock(shmem->resv, NULL);
	if (!shmem->pages || shmem->madv < 0)
		ret = VM_FAULT_SIGBUS;
	else
		ret = vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(shmem->pages[vmf->pgoff]));
	cz_resv_unlock(shmem->resv);
	return ret;
}

static const struct vm_operations_struct cz_shmem_vm_ops = { .fault = cz_shmem_fault };

/* Called with shmem->resv held (the shrinker took it). */
void cz_shmem_purge(struct cz_shmem *shmem)
{
	shmem->madv = -1; /* ok: revoke-order (state first, the fault tests it under the resv lock) */
	cz_node_unmap(&shmem->vma_node, shmem->inode->i_mapping);
}
