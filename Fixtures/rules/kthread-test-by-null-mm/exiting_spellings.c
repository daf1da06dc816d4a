#include <linux/mmlint_stub.h>
/*
 * The exiting task left out first, with the flag test written elsewhere: in a static inline
 * predicate of the driver, or kept in a local. After it, a NULL current->mm is a kernel
 * thread that has not borrowed yet. Still reported: a predicate that reads something else, a
 * local that holds something else.
 */

struct es_ctx {
	struct mm_struct *mm;
	bool stopping;
};

static inline bool es_task_exiting(void)
{
	return current->flags & PF_EXITING;
}

static inline bool es_stopping(struct es_ctx *ctx)
{
	return READ_ONCE(ctx->stopping);
}

static int es_acquire_helper(struct es_ctx *ctx)
{
	if (es_task_exiting())
		return -EFAULT;
	if (current->mm) /* ok: kthread-test-by-null-mm the predicate left the exiting task out */
		return 0;
	if (!mmget_not_zero(ctx->mm))
		return -EFAULT;
	kthread_use_mm(ctx->mm);
	return 0;
}

static int es_acquire_stored(struct es_ctx *ctx)
{
	bool exiting = current->flags & PF_EXITING;

	if (exiting)
		return -EFAULT;
	if (!current->mm) { /* ok: kthread-test-by-null-mm the stored flag left the exiting task out */
		if (!mmget_not_zero(ctx->mm))
			return -EFAULT;
		kthread_use_mm(ctx->mm);
	}
	return 0;
}

static int es_acquire_other(struct es_ctx *ctx)
{
	bool stop = es_stopping(ctx);

	if (stop || es_stopping(ctx))
		return -EFAULT;
	if (current->mm) /* expect: kthread-test-by-null-mm nothing left the exiting task out */
		return 0;
	if (!mmget_not_zero(ctx->mm))
		return -EFAULT;
	kthread_use_mm(ctx->mm);
	return 0;
}

int es_submit(struct es_ctx *ctx, int which)
{
	if (which == 0)
		return es_acquire_helper(ctx);
	if (which == 1)
		return es_acquire_stored(ctx);
	return es_acquire_other(ctx);
}
