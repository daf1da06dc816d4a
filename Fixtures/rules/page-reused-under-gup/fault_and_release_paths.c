#include <linux/mmlint_stub.h>
/*
 * page-reused-under-gup: fault handlers that give the core the page through a
 * helper or insert it with vmf_insert_page(), and pool releases that run from a
 * work item, a devm action or an ops method rather than from remove() itself.
 * GUP's reference outlives each of them the same way.
 */

int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data);

/* 1. vmf->page set by a helper the fault handler calls; the pool put in ->close. */
struct wm_shm {
	struct gen_pool *heap;
	void *region;
	size_t region_len;
};

static void wm_hand_page(struct vm_fault *vmf, struct page *pg)
{
	get_page(pg);
	vmf->page = pg;
}

static vm_fault_t wm_fault(struct vm_fault *vmf)
{
	struct wm_shm *s = vmf->vma->vm_private_data;

	wm_hand_page(vmf, virt_to_page(s->region));
	return 0;
}

static void wm_vm_close(struct vm_area_struct *vma)
{
	struct wm_shm *s = vma->vm_private_data;

	gen_pool_free(s->heap, (unsigned long)s->region, s->region_len); /* expect: page-reused-under-gup replay=confirmed */
}

static const struct vm_operations_struct wm_vm_ops = { .fault = wm_fault, .close = wm_vm_close };

/* 2. vmf_insert_page() in the fault handler; the release deferred to a work item. */
struct ct_queue {
	struct gen_pool *pool;
	void *cq;
	size_t cq_bytes;
	struct work_struct reclaim;
	struct inode *inode;
};

static vm_fault_t ct_fault(struct vm_fault *vmf)
{
	struct ct_queue *q = vmf->vma->vm_private_data;

	return vmf_insert_page(vmf->vma, vmf->address, virt_to_page(q->cq));
}

static const struct vm_operations_struct ct_vm_ops = { .fault = ct_fault };

static void ct_reclaim_fn(struct work_struct *work)
{
	struct ct_queue *q = container_of(work, struct ct_queue, reclaim);

	gen_pool_free(q->pool, (unsigned long)q->cq, q->cq_bytes); /* expect: page-reused-under-gup replay=confirmed */
}

void ct_queue_destroy(struct ct_queue *q)
{
	unmap_mapping_range(q->inode->i_mapping, 0, 0, 1);
	INIT_WORK(&q->reclaim, ct_reclaim_fn);
	schedule_work(&q->reclaim);
}

/* 3. The release registered as a devm action at probe: it runs at unbind. */
struct pm_buf {
	struct gen_pool *sram;
	void *cpu;
	size_t len;
};

static int pm_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct pm_buf *b = file->private_data;

	return vm_insert_page(vma, vma->vm_start, virt_to_page(b->cpu));
}

static const struct file_operations pm_fops = { .mmap = pm_mmap };

static void pm_release_sram(void *data)
{
	struct pm_buf *b = data;

	gen_pool_free(b->sram, (unsigned long)b->cpu, b->len); /* expect: page-reused-under-gup replay=confirmed */
}

int pm_probe(struct device *dev, struct pm_buf *b)
{
	b->cpu = (void *)gen_pool_alloc(b->sram, b->len);
	if (!b->cpu)
		return -ENOMEM;
	return devm_add_action_or_reset(dev, pm_release_sram, b);
}

/* 4. The release as a method of the driver's own buffer ops, called through the table. */
struct gx_bo;
struct gx_bo_ops {
	void (*destroy)(struct gx_bo *bo);
};

struct gx_bo {
	const struct gx_bo_ops *ops;
	struct gen_pool *vram;
	void *kva;
	size_t size;
	struct inode *ino;
};

static int gx_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct gx_bo *bo = file->private_data;

	return vm_insert_page(vma, vma->vm_start, virt_to_page(bo->kva));
}

static const struct file_operations gx_fops = { .mmap = gx_mmap };

static void gx_vram_destroy(struct gx_bo *bo)
{
	gen_pool_free_owner(bo->vram, (unsigned long)bo->kva, bo->size, NULL); /* expect: page-reused-under-gup replay=confirmed */
}

static const struct gx_bo_ops gx_vram_ops = { .destroy = gx_vram_destroy };

void gx_bo_put(struct gx_bo *bo)
{
	unmap_mapping_range(bo->ino->i_mapping, 0, 0, 1);
	bo->ops->destroy(bo);
}
