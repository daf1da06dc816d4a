#include <linux/mmlint_stub.h>
/*
 * An mm handed back through an out-parameter (`static int get_mm(struct w *w, struct mm_struct
 * **out) { if (!w->ctx) return -ENODEV; *out = w->ctx->mm; return 0; }`): after the call the
 * caller's local names that member, as a getter's return value does, so a borrow of it is
 * judged by what the member holds (mmgrab() only here). Quiet where the helper pins it before
 * handing it back and the caller puts it, and where the member holds mm_users.
 */

struct og_ctx {
	struct mm_struct *mm;		/* mmgrab() only */
};

struct og_work {
	struct work_struct work;
	struct og_ctx *ctx;
	int val;
	void __user *ubuf;
};

static int og_get_mm(struct og_work *w, struct mm_struct **out)
{
	if (!w->ctx)
		return -ENODEV;
	*out = w->ctx->mm;
	return 0;
}

static int og_get_mm_pinned(struct og_work *w, struct mm_struct **out)
{
	if (!w->ctx || !mmget_not_zero(w->ctx->mm))
		return -ESRCH;
	*out = w->ctx->mm;
	return 0;
}

static void og_work_borrow(struct work_struct *work)
{
	struct og_work *w = container_of(work, struct og_work, work);
	struct mm_struct *mm;

	if (og_get_mm(w, &mm))
		return;
	kthread_use_mm(mm); /* expect: use-mm-without-mmget the member holds mm count only */
	put_user(w->val, (int __user *)w->ubuf);
	kthread_unuse_mm(mm);
}

static void og_work_pinned(struct work_struct *work)
{
	struct og_work *w = container_of(work, struct og_work, work);
	struct mm_struct *mm;

	if (og_get_mm_pinned(w, &mm))
		return;
	kthread_use_mm(mm); /* ok: use-mm-without-mmget pinned by the helper */
	put_user(w->val, (int __user *)w->ubuf);
	kthread_unuse_mm(mm);
	mmput(mm);
}

void og_setup(struct og_work *w)
{
	w->ctx->mm = current->mm;
	mmgrab(current->mm);
	INIT_WORK(&w->work, og_work_borrow);
	INIT_WORK(&w->work, og_work_pinned);
}

struct og_task_ctx {
	struct mm_struct *mm;		/* get_task_mm() */
};

static int og_task_mm(struct og_task_ctx *c, struct mm_struct **out)
{
	*out = c->mm;
	return 0;
}

int og_task_open(struct og_task_ctx *c, struct task_struct *t)
{
	c->mm = get_task_mm(t);
	return c->mm ? 0 : -ESRCH;
}

void og_task_use(struct og_task_ctx *c)
{
	struct mm_struct *mm;

	og_task_mm(c, &mm);
	kthread_use_mm(mm); /* ok: use-mm-without-mmget the member holds mm users */
	kthread_unuse_mm(mm);
}
