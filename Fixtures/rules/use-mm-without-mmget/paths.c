#include <linux/mmlint_stub.h>
/*
 * use-mm-without-mmget: path sensitivity.
 *
 * struct pf_ctx.mm is an mmgrab-only holder (userfaultfd style), so every
 * borrow must be preceded, on every path, by a successful mmget_not_zero() of
 * the same mm. Covers the accepted spellings of that test (if-block, early
 * return, `!mm || !mmget_not_zero(mm)` with goto, a saved bool), the pre-5.8
 * use_mm() name, the false branch of mmget_not_zero() falling through to the
 * borrow, and an mmput() before the borrow. Also the other origins that carry
 * mm_users (get_task_mm, mm_access), current->mm, and a non-static function
 * whose mm parameter has no visible caller (unknown: quiet).
 */

struct pf_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long uaddr;
	u32 event;
};

int pf_ctx_init(struct pf_ctx *ctx)
{
	ctx->mm = current->mm;
	mmgrab(ctx->mm);
	return 0;
}

void pf_ctx_release(struct pf_ctx *ctx)
{
	cancel_work_sync(&ctx->work);
	mmdrop(ctx->mm);
}

void pf_worker_if_block(struct work_struct *work)
{
	struct pf_ctx *ctx = container_of(work, struct pf_ctx, work);
	struct mm_struct *mm = ctx->mm;

	if (mmget_not_zero(mm)) {
		kthread_use_mm(mm); /* ok: use-mm-without-mmget */
		put_user(ctx->event, (u32 __user *)ctx->uaddr);
		kthread_unuse_mm(mm);
		mmput(mm);
	}
}

/* Pre-5.8 spelling of the same borrow. */
void pf_worker_or_goto(struct work_struct *work)
{
	struct pf_ctx *ctx = container_of(work, struct pf_ctx, work);
	struct mm_struct *mm = READ_ONCE(ctx->mm);

	if (!mm || !mmget_not_zero(mm))
		goto out;

	use_mm(mm); /* ok: use-mm-without-mmget */
	put_user(ctx->event, (u32 __user *)ctx->uaddr);
	unuse_mm(mm);
	mmput(mm);
out:
	ctx->event = 0;
}

void pf_worker_bool_result(struct work_struct *work)
{
	struct pf_ctx *ctx = container_of(work, struct pf_ctx, work);
	bool alive;

	alive = mmget_not_zero(ctx->mm);
	if (!alive) {
		pr_debug("pf: owner gone\n");
		return;
	}

	kthread_use_mm(ctx->mm); /* ok: use-mm-without-mmget */
	put_user(ctx->event, (u32 __user *)ctx->uaddr);
	kthread_unuse_mm(ctx->mm);
	mmput(ctx->mm);
}

/* The test is made, but its false branch falls through to the borrow. */
void pf_worker_result_ignored(struct work_struct *work)
{
	struct pf_ctx *ctx = container_of(work, struct pf_ctx, work);
	struct mm_struct *mm = ctx->mm;

	if (!mmget_not_zero(mm))
		pr_warn("pf: owner is exiting\n");

	kthread_use_mm(mm); /* expect: use-mm-without-mmget */
	put_user(ctx->event, (u32 __user *)ctx->uaddr);
	kthread_unuse_mm(mm);
	mmput(mm); /* expect: unchecked-mmget-not-zero */
}

/* The users reference is dropped before the borrow, not after. */
void pf_worker_use_after_mmput(struct work_struct *work)
{
	struct pf_ctx *ctx = container_of(work, struct pf_ctx, work);
	struct mm_struct *mm = ctx->mm;
	u32 event;

	if (!mmget_not_zero(mm))
		return;
	event = READ_ONCE(ctx->event);
	mmput(mm);

	kthread_use_mm(mm); /* expect: use-mm-without-mmget */
	put_user(event, (u32 __user *)ctx->uaddr);
	kthread_unuse_mm(mm);
}

/* ---- other origins that carry mm_users -------------------------------- */

int pf_poke_task_get_task_mm(struct task_struct *task, unsigned long uaddr,
			     u32 val)
{
	struct mm_struct *mm;
	int ret;

	mm = get_task_mm(task);
	if (!mm)
		return -ESRCH;

	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	ret = put_user(val, (u32 __user *)uaddr);
	kthread_unuse_mm(mm);
	mmput(mm);
	return ret;
}

int pf_poke_task_mm_access(struct task_struct *task, unsigned long uaddr,
			   u32 val)
{
	struct mm_struct *mm;
	int ret;

	mm = mm_access(task, PTRACE_MODE_ATTACH_REALCREDS);
	if (IS_ERR_OR_NULL(mm))
		return mm ? PTR_ERR(mm) : -ESRCH;

	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	ret = put_user(val, (u32 __user *)uaddr);
	kthread_unuse_mm(mm);
	mmput(mm);
	return ret;
}

/*
 * current->mm is pinned by the running task itself. (kthread_use_mm() on it
 * makes no sense at run time, but that is not this rule's business.)
 */
void pf_borrow_current_mm(void)
{
	kthread_use_mm(current->mm); /* ok: use-mm-without-mmget */
	kthread_unuse_mm(current->mm);
}

/* Exported, no caller in view: the origin of mm is unknown, so stay quiet. */
int pf_copy_to_mm_unknown(struct mm_struct *mm, void __user *dst,
			  const void *src, size_t len)
{
	unsigned long left;

	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	left = copy_to_user(dst, src, len);
	kthread_unuse_mm(mm);
	return left ? -EFAULT : 0;
}
EXPORT_SYMBOL_GPL(pf_copy_to_mm_unknown);
