#include <linux/mmlint_stub.h>
/*
 * cross-file/guard-helper: borrows guarded by helpers defined in fa_pin.c
 * (bool guard, int guard, pinned-mm-or-NULL), and one worker that forgot.
 */
#include "fa.h"

void fa_fence_worker(struct work_struct *work)
{
	struct fa_ctx *ctx = container_of(work, struct fa_ctx, fence_work);

	if (!fa_pin_mm(ctx))
		return;

	kthread_use_mm(ctx->mm); /* ok: use-mm-without-mmget */
	put_user(ctx->seqno, (u64 __user *)ctx->fence_uptr);
	kthread_unuse_mm(ctx->mm);
	mmput(ctx->mm);
}

void fa_fence_worker_err(struct work_struct *work)
{
	struct fa_ctx *ctx = container_of(work, struct fa_ctx, fence_work);
	int err;

	err = fa_pin_mm_err(ctx);
	if (err)
		return;

	kthread_use_mm(ctx->mm); /* ok: use-mm-without-mmget */
	put_user(ctx->seqno, (u64 __user *)ctx->fence_uptr);
	kthread_unuse_mm(ctx->mm);
	mmput(ctx->mm);
}

void fa_fault_worker(struct work_struct *work)
{
	struct fa_ctx *ctx = container_of(work, struct fa_ctx, fault_work);
	struct mm_struct *mm;
	bool unlocked = false;

	mm = fa_get_live_mm(ctx);
	if (!mm)
		return;

	mmap_read_lock(mm);
	fixup_user_fault(mm, ctx->fault_addr, FAULT_FLAG_WRITE, &unlocked); /* ok: mmgrab-only-access */
	mmap_read_unlock(mm);
	mmput(mm);
}

/* The timeout path signals the fence without the helper. */
void fa_fence_timeout_worker(struct work_struct *work)
{
	struct fa_ctx *ctx = container_of(work, struct fa_ctx, fence_work);

	kthread_use_mm(ctx->mm); /* expect: use-mm-without-mmget */
	put_user(ctx->seqno, (u64 __user *)ctx->fence_uptr);
	kthread_unuse_mm(ctx->mm);
}
