#include <linux/mmlint_stub.h>
/*
 * cross-file/count-holder: the borrows. struct kvmgt_vgpu.mm is stored with
 * mmgrab() only (kvmgt_main.c), so both kthread_use_mm() and a remote GUP
 * need mmget_not_zero() first.
 */
#include "kvmgt.h"

void kvmgt_dma_worker(struct work_struct *work)
{
	struct kvmgt_vgpu *vgpu = container_of(work, struct kvmgt_vgpu, dma_work);

	kthread_use_mm(vgpu->mm); /* expect: use-mm-without-mmget */
	if (copy_to_user((void __user *)vgpu->guest_uaddr, &vgpu->shadow_entry,
			 sizeof(vgpu->shadow_entry)))
		pr_err("kvmgt: shadow write failed\n");
	kthread_unuse_mm(vgpu->mm);
}

void kvmgt_dma_worker_pinned(struct work_struct *work)
{
	struct kvmgt_vgpu *vgpu = container_of(work, struct kvmgt_vgpu,
					       dma_fixed_work);

	if (!mmget_not_zero(vgpu->mm))
		return;

	kthread_use_mm(vgpu->mm); /* ok: use-mm-without-mmget */
	if (copy_to_user((void __user *)vgpu->guest_uaddr, &vgpu->shadow_entry,
			 sizeof(vgpu->shadow_entry)))
		pr_err("kvmgt: shadow write failed\n");
	kthread_unuse_mm(vgpu->mm);
	mmput(vgpu->mm);
}

void kvmgt_pin_worker(struct work_struct *work)
{
	struct kvmgt_vgpu *vgpu = container_of(work, struct kvmgt_vgpu, pin_work);
	long pinned;

	mmap_read_lock(vgpu->mm);
	pinned = pin_user_pages_remote(vgpu->mm, vgpu->guest_uaddr, vgpu->nr_pages, FOLL_WRITE | FOLL_LONGTERM, vgpu->pages, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(vgpu->mm);
	if (pinned > 0)
		unpin_user_pages(vgpu->pages, pinned);
}

void kvmgt_pin_worker_pinned(struct work_struct *work)
{
	struct kvmgt_vgpu *vgpu = container_of(work, struct kvmgt_vgpu, pin_work);
	struct mm_struct *mm = vgpu->mm;
	long pinned;

	if (!mmget_not_zero(mm))
		return;

	mmap_read_lock(mm);
	pinned = pin_user_pages_remote(mm, vgpu->guest_uaddr, vgpu->nr_pages, FOLL_WRITE | FOLL_LONGTERM, vgpu->pages, NULL); /* ok: mmgrab-only-access */
	mmap_read_unlock(mm);
	mmput(mm);
	if (pinned > 0)
		unpin_user_pages(vgpu->pages, pinned);
}
