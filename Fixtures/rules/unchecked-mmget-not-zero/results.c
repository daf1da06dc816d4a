#include <linux/mmlint_stub.h>
/*
 * unchecked-mmget-not-zero: the result of mmget_not_zero() decides whether a
 * reference exists. Reported: a result nothing reads; an mmput() on the path
 * where it returned false (refcount underflow). Quiet: the checked forms,
 * a result kept in a local and tested later, a ternary, a fallback path.
 */

struct uc_ctx {
	struct mm_struct *mm;
	void __user *uptr;
	u32 val;
	bool async;
	struct work_struct work;
};

int uc_open(struct uc_ctx *ctx)
{
	ctx->mm = current->mm;
	mmgrab(ctx->mm);
	return 0;
}

int uc_copy(struct uc_ctx *ctx)
{
	return put_user(ctx->val, (u32 __user *)ctx->uptr);
}

void uc_ignored(struct uc_ctx *ctx)
{
	mmget_not_zero(ctx->mm); /* expect: unchecked-mmget-not-zero */
	kthread_use_mm(ctx->mm); /* expect: use-mm-without-mmget (the ignored pin may have failed) */
	uc_copy(ctx);
	kthread_unuse_mm(ctx->mm);
	mmput(ctx->mm);
}

int uc_goto_out(struct uc_ctx *ctx)
{
	int ret = -ESRCH;

	if (!mmget_not_zero(ctx->mm))
		goto out;
	kthread_use_mm(ctx->mm);
	ret = uc_copy(ctx);
	kthread_unuse_mm(ctx->mm);
out:
	mmput(ctx->mm); /* expect: unchecked-mmget-not-zero replay=confirmed */
	return ret;
}

/* The status copy runs from a work item: the owner may be gone. */
static void uc_work(struct work_struct *work)
{
	uc_goto_out(container_of(work, struct uc_ctx, work));
}

void uc_start(struct uc_ctx *ctx)
{
	INIT_WORK(&ctx->work, uc_work);
	schedule_work(&ctx->work);
}

int uc_goto_out_fixed(struct uc_ctx *ctx)
{
	int ret;

	if (!mmget_not_zero(ctx->mm))
		return -ESRCH;
	kthread_use_mm(ctx->mm);
	ret = uc_copy(ctx);
	kthread_unuse_mm(ctx->mm);
	mmput(ctx->mm); /* ok: unchecked-mmget-not-zero */
	return ret;
}

/* Kept in a local and tested later (uverbs_main.c style). */
int uc_stored(struct uc_ctx *ctx)
{
	bool pinned = mmget_not_zero(ctx->mm); /* ok: unchecked-mmget-not-zero */
	int ret = -ESRCH;

	if (pinned) {
		kthread_use_mm(ctx->mm);
		ret = uc_copy(ctx);
		kthread_unuse_mm(ctx->mm);
		mmput(ctx->mm); /* ok: unchecked-mmget-not-zero */
	}
	return ret;
}

/* The iommufd fallback: a slow path when the pin fails. */
int uc_slow(struct uc_ctx *ctx);

int uc_fast_or_slow(struct uc_ctx *ctx)
{
	int ret;

	if (!mmget_not_zero(ctx->mm))
		return uc_slow(ctx);
	kthread_use_mm(ctx->mm);
	ret = uc_copy(ctx);
	kthread_unuse_mm(ctx->mm);
	mmput(ctx->mm); /* ok: unchecked-mmget-not-zero */
	return ret;
}
