// SPDX-License-Identifier: GPL-2.0
/*
 * fakeaccel: user pointer buffers.
 *
 * BUG (demo): fac_userptr_work() faults the user's pages in from a worker
 * with only mm_count on fac_ctx.mm (the i915 userptr mistake). On 6.1+ the
 * fault races the read-locked unmap_vmas() of an exiting owner. The VMA
 * lookup before it is fine on a modern tree; the GUP is not.
 * fac_userptr_fault_range() shows the correct shape: pin the notifier's mm
 * with mmget_not_zero() before hmm_range_fault().
 */
#include <linux/mmlint_stub.h>

#include "fakeaccel.h"

static bool fac_userptr_invalidate(struct mmu_interval_notifier *mni,
				   const struct mmu_notifier_range *range,
				   unsigned long cur_seq)
{
	struct fac_userptr *up = container_of(mni, struct fac_userptr, notifier);

	mutex_lock(&up->lock);
	mmu_interval_set_seq(mni, cur_seq);
	mutex_unlock(&up->lock);
	return true;
}

const struct mmu_interval_notifier_ops fac_userptr_mni_ops = {
	.invalidate	= fac_userptr_invalidate,
};

void fac_userptr_work(struct work_struct *work)
{
	struct fac_ctx *ctx = container_of(work, struct fac_ctx, userptr_work);
	struct fac_userptr *up = ctx->uptr;
	struct vm_area_struct *vma;
	long pinned;

	mmap_read_lock(ctx->mm);
	vma = vma_lookup(ctx->mm, up->start); /* ok: mmgrab-only-access */
	if (!vma || (vma->vm_flags & (VM_IO | VM_PFNMAP))) {
		mmap_read_unlock(ctx->mm);
		return;
	}

	pinned = get_user_pages_remote(ctx->mm, up->start, up->npages, FOLL_WRITE, up->pages, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(ctx->mm);

	if (pinned < 0)
		pr_err("fakeaccel: userptr pin failed: %ld\n", pinned);
}

int fac_userptr_fault_range(struct fac_ctx *ctx)
{
	struct fac_userptr *up = ctx->uptr;
	struct mm_struct *mm = up->notifier.mm;
	struct hmm_range range;
	int ret;

	if (!mmget_not_zero(mm))
		return -EFAULT;

	range.notifier = &up->notifier;
	range.start = up->start;
	range.end = up->start + (up->npages << PAGE_SHIFT);
	range.hmm_pfns = up->pfns;
	range.default_flags = HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE;
	range.pfn_flags_mask = 0;
	range.dev_private_owner = NULL;

again:
	range.notifier_seq = mmu_interval_read_begin(&up->notifier);
	mmap_read_lock(mm);
	ret = hmm_range_fault(&range); /* ok: mmgrab-only-access */
	mmap_read_unlock(mm);
	if (ret == -EBUSY)
		goto again;
	if (ret)
		goto out;

	mutex_lock(&up->lock);
	if (mmu_interval_read_retry(&up->notifier, range.notifier_seq)) {
		mutex_unlock(&up->lock);
		goto again;
	}
	/* program the device page table from up->pfns here */
	mutex_unlock(&up->lock);
out:
	mmput(mm);
	return ret;
}
