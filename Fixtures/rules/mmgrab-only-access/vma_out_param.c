#include <linux/mmlint_stub.h>
/*
 * The vma found in an mmgrab-only mm by a helper that hands it back through an out-parameter
 * (`*out = vma; return 0;`, errno otherwise) rather than as its result (vma_wrapper.c): after a
 * call that returned 0 the caller's vma is of that mm, and handle_mm_fault() or zap_vma_ptes()
 * on it needs mm_users. Spelled with the call in the test and with its result kept in a local;
 * the worker that pins first is quiet.
 */

struct vp_ctx {
	struct mm_struct *mm;		/* mmgrab() only */
	struct work_struct fault_work;
	struct work_struct zap_work;
	struct work_struct pinned_work;
	unsigned long addr;
};

int vp_open(struct vp_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	return 0;
}

static int vp_find_vma(struct vp_ctx *c, unsigned long addr, struct vm_area_struct **out)
{
	struct vm_area_struct *vma = vma_lookup(c->mm, addr);

	if (!vma)
		return -EFAULT;
	if (!(vma->vm_flags & VM_WRITE))
		return -EPERM;
	*out = vma;
	return 0;
}

static void vp_fault_work(struct work_struct *w)
{
	struct vp_ctx *c = container_of(w, struct vp_ctx, fault_work);
	struct vm_area_struct *vma;

	mmap_read_lock(c->mm);
	if (!vp_find_vma(c, c->addr, &vma))
		handle_mm_fault(vma, c->addr, FAULT_FLAG_WRITE | FAULT_FLAG_REMOTE, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(c->mm);
}

static void vp_zap_work(struct work_struct *w)
{
	struct vp_ctx *c = container_of(w, struct vp_ctx, zap_work);
	struct vm_area_struct *vma = NULL;
	int err;

	mmap_read_lock(c->mm);
	err = vp_find_vma(c, c->addr, &vma);
	if (err)
		goto unlock;
	zap_vma_ptes(vma, c->addr, PAGE_SIZE); /* expect: mmgrab-only-access */
unlock:
	mmap_read_unlock(c->mm);
}

static void vp_pinned_work(struct work_struct *w)
{
	struct vp_ctx *c = container_of(w, struct vp_ctx, pinned_work);
	struct vm_area_struct *vma;

	if (!mmget_not_zero(c->mm))
		return;
	mmap_read_lock(c->mm);
	if (!vp_find_vma(c, c->addr, &vma))
		handle_mm_fault(vma, c->addr, FAULT_FLAG_WRITE | FAULT_FLAG_REMOTE, NULL); /* ok: mmgrab-only-access */
	mmap_read_unlock(c->mm);
	mmput(c->mm);
}

void vp_start(struct vp_ctx *c)
{
	INIT_WORK(&c->fault_work, vp_fault_work);
	INIT_WORK(&c->zap_work, vp_zap_work);
	INIT_WORK(&c->pinned_work, vp_pinned_work);
	schedule_work(&c->fault_work);
	schedule_work(&c->zap_work);
	schedule_work(&c->pinned_work);
}
