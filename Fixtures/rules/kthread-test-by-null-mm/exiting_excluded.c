#include <linux/mmlint_stub.h>
/*
 * The exiting task left out first (io_uring 5.10 __io_sq_thread_acquire_mm()): a user task
 * past exit_mm() is the one task with no mm that is not a kernel thread, so after
 * `if (current->flags & PF_EXITING) return -EFAULT;` a NULL current->mm is a kernel thread that
 * has not borrowed yet, and borrowing there is right. Still reported: the flag tested with both
 * sides going on to the NULL test, tested only after it, or not at all.
 */

struct ex_ctx {
	struct mm_struct *sqo_mm;
	unsigned int flags;
};

static int ex_acquire_mm(struct ex_ctx *ctx)
{
	if (current->flags & PF_EXITING)
		return -EFAULT;
	if (current->mm) /* ok: kthread-test-by-null-mm the exiting user task was left out above */
		return 0;
	if (!mmget_not_zero(ctx->sqo_mm))
		return -EFAULT;
	kthread_use_mm(ctx->sqo_mm);
	return 0;
}

static int ex_acquire_unlikely(struct ex_ctx *ctx)
{
	int ret = -EFAULT;

	if (unlikely(current->flags & PF_EXITING))
		goto out;
	if (!current->mm) { /* ok: kthread-test-by-null-mm the exiting flag tested first */
		if (!mmget_not_zero(ctx->sqo_mm))
			goto out;
		kthread_use_mm(ctx->sqo_mm);
	}
	ret = 0;
out:
	return ret;
}

static int ex_exiting_warned_only(struct ex_ctx *ctx)
{
	if (current->flags & PF_EXITING)
		pr_warn("exiting\n");
	if (current->mm) /* expect: kthread-test-by-null-mm both sides of the flag test go on */
		return 0;
	if (!mmget_not_zero(ctx->sqo_mm))
		return -EFAULT;
	kthread_use_mm(ctx->sqo_mm);
	return 0;
}

static int ex_exiting_after(struct ex_ctx *ctx)
{
	if (!current->mm) { /* expect: kthread-test-by-null-mm the flag is tested only after */
		if (current->flags & PF_EXITING)
			return -EFAULT;
		if (!mmget_not_zero(ctx->sqo_mm))
			return -EFAULT;
		kthread_use_mm(ctx->sqo_mm);
	}
	return 0;
}

static int ex_no_flag(struct ex_ctx *ctx)
{
	if (current->mm) /* expect: kthread-test-by-null-mm */
		return 0;
	if (!mmget_not_zero(ctx->sqo_mm))
		return -EFAULT;
	kthread_use_mm(ctx->sqo_mm);
	return 0;
}

/* Called from a syscall too: not only in a kernel thread. */
int ex_submit(struct ex_ctx *ctx, int which)
{
	switch (which) {
	case 0: return ex_acquire_mm(ctx);
	case 1: return ex_acquire_unlikely(ctx);
	case 2: return ex_exiting_warned_only(ctx);
	case 3: return ex_exiting_after(ctx);
	default: return ex_no_flag(ctx);
	}
}
