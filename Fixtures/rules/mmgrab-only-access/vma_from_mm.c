#include <linux/mmlint_stub.h>
/*
 * A vma looked up in an mm held by mmgrab() only (or by nothing), then faulted or zapped:
 * the vma carries the origin of the mm it was found in (6.1's amd iommu_v2 do_fault() on the
 * notifier's mmgrab()bed mm; a PPR/fault work item). No kernel version: a current kernel, so
 * the lookup itself under mmap_read_lock is fine and the fault/zap is what is reported.
 */

struct vf_state {
	struct mm_struct *mm;		/* mmgrab() at bind */
	unsigned long addr;
	struct work_struct work;
};

int vf_bind(struct vf_state *st)
{
	st->mm = current->mm;
	mmgrab(st->mm);
	return 0;
}

static void vf_fault_work(struct work_struct *w)
{
	struct vf_state *st = container_of(w, struct vf_state, work);
	struct vm_area_struct *vma;

	mmap_read_lock(st->mm);
	vma = find_vma(st->mm, st->addr);
	if (vma && st->addr >= vma->vm_start)
		handle_mm_fault(vma, st->addr, FAULT_FLAG_WRITE, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(st->mm);
}

void vf_queue(struct vf_state *st)
{
	INIT_WORK(&st->work, vf_fault_work);
	schedule_work(&st->work);
}

/* the lookup in a helper-free local alias, a zap */
void vf_zap(struct vf_state *st, unsigned long size)
{
	struct mm_struct *mm = st->mm;
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = vma_lookup(mm, st->addr);
	if (vma)
		zap_vma_ptes(vma, st->addr, size); /* expect: mmgrab-only-access */
	mmap_read_unlock(mm);
}

/* the vma declared with its lookup, the fault result tested */
int vf_fault_intersection(struct vf_state *st)
{
	int ret = 0;

	mmap_read_lock(st->mm);
	{
		struct vm_area_struct *vma = find_vma_intersection(st->mm, st->addr, st->addr + 1);

		if (!vma)
			ret = -EFAULT;
		else if (handle_mm_fault(vma, st->addr, 0, NULL) & VM_FAULT_ERROR) /* expect: mmgrab-only-access */
			ret = -EFAULT;
	}
	mmap_read_unlock(st->mm);
	return ret;
}

/* fixed: pinned first */
static void vf_fault_work_fixed(struct work_struct *w)
{
	struct vf_state *st = container_of(w, struct vf_state, work);
	struct vm_area_struct *vma;

	if (!mmget_not_zero(st->mm))
		return;
	mmap_read_lock(st->mm);
	vma = find_vma(st->mm, st->addr);
	if (vma)
		handle_mm_fault(vma, st->addr, FAULT_FLAG_WRITE, NULL); /* ok: mmgrab-only-access */
	mmap_read_unlock(st->mm);
	mmput(st->mm);
}

void vf_queue_fixed(struct vf_state *st)
{
	INIT_WORK(&st->work, vf_fault_work_fixed);
	schedule_work(&st->work);
}

/* a fault handler's own vma: the core holds the mm for it */
vm_fault_t vf_vm_fault(struct vm_fault *vmf)
{
	return handle_mm_fault(vmf->vma, vmf->address, 0, NULL); /* ok: mmgrab-only-access */
}

/* the running task's own mm */
int vf_fault_own(unsigned long addr)
{
	struct vm_area_struct *vma;
	int ret = -EFAULT;

	mmap_read_lock(current->mm);
	vma = find_vma(current->mm, addr);
	if (vma)
		ret = handle_mm_fault(vma, addr, FAULT_FLAG_WRITE, NULL); /* ok: mmgrab-only-access */
	mmap_read_unlock(current->mm);
	return ret;
}
