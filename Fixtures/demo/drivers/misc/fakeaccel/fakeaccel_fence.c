// SPDX-License-Identifier: GPL-2.0
/*
 * fakeaccel: fence and event signalling from process context on behalf of
 * the context's owner.
 *
 * BUG (demo): fac_fence_work() adopts fac_ctx.mm, which only carries
 * mm_count (mmgrab in fac_open), without upgrading to mm_users: the owner
 * may be exiting and exit_mmap() may be tearing the page tables down under
 * the put_user(). fac_event_work() is the correct version of the same thing.
 */
#include <linux/mmlint_stub.h>

#include "fakeaccel.h"

void fac_fence_work(struct work_struct *work)
{
	struct fac_ctx *ctx = container_of(work, struct fac_ctx, fence_work);
	u64 seqno;

	mutex_lock(&ctx->lock);
	seqno = ++ctx->fence_seqno;
	mutex_unlock(&ctx->lock);

	kthread_use_mm(ctx->mm); /* expect: use-mm-without-mmget */
	if (put_user(seqno, (u64 __user *)ctx->fence_uptr))
		pr_warn("fakeaccel: fence write failed\n");
	kthread_unuse_mm(ctx->mm);
}

void fac_event_work(struct work_struct *work)
{
	struct fac_ctx *ctx = container_of(work, struct fac_ctx, event_work);
	struct mm_struct *mm = ctx->mm;

	/* The owner may be gone: only borrow a live address space. */
	if (!mmget_not_zero(mm))
		return;

	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	if (put_user(ctx->event, (u32 __user *)ctx->event_uptr))
		pr_warn("fakeaccel: event write failed\n");
	kthread_unuse_mm(mm);
	mmput(mm);
}

/* The SVM thread runs on an mm it holds mm_users on (get_task_mm at bind). */
int fac_svm_thread(void *data)
{
	struct fac_svm *svm = data;

	kthread_use_mm(svm->mm); /* ok: use-mm-without-mmget */
	while (!kthread_should_stop()) {
		u32 head;

		if (get_user(head, (u32 __user *)svm->doorbell))
			break;
		WRITE_ONCE(svm->head, head);
		schedule();
	}
	kthread_unuse_mm(svm->mm);
	return 0;
}
