#include <linux/mmlint_stub.h>
/*
 * use-mm-without-mmget: the pin taken by a helper that keeps the kernel's 0-or-errno
 * convention (`return mmget_not_zero(mm) ? 0 : -ESRCH;`, or 0 and -ESRCH returned from the
 * two sides of an if), the caller testing the result with `< 0` or `>= 0`: every return is
 * zero or negative, so the side where it is not negative is the side where it is zero, the
 * pinned one. A helper that may also return a count (positive) proves nothing there.
 */

struct eh_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	void __user *uptr;
	u32 status;
	int nr;
};

static void eh_copy(struct eh_ctx *c)
{
	copy_to_user(c->uptr, &c->status, sizeof(c->status));
}

static int eh_pin(struct eh_ctx *c)
{
	return mmget_not_zero(c->mm) ? 0 : -ESRCH;
}

static int eh_pin_if(struct eh_ctx *c)
{
	if (!c->mm)
		return -EINVAL;
	if (!mmget_not_zero(c->mm))
		return -ESRCH;
	return 0;
}

/* a count on success: `>= 0` includes the positive returns, pinned or not */
static int eh_pin_count(struct eh_ctx *c)
{
	if (!mmget_not_zero(c->mm))
		return c->nr;
	return 0;
}

static int eh_local_below(struct eh_ctx *c)
{
	int ret = eh_pin(c);

	if (ret < 0)
		return ret;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	eh_copy(c);
	kthread_unuse_mm(c->mm);
	mmput(c->mm);
	return 0;
}

static int eh_call_below(struct eh_ctx *c)
{
	if (eh_pin_if(c) < 0)
		return -ESRCH;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	eh_copy(c);
	kthread_unuse_mm(c->mm);
	mmput(c->mm);
	return 0;
}

static int eh_local_not_negative(struct eh_ctx *c)
{
	int err;

	err = eh_pin_if(c);
	if (err >= 0) {
		kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
		eh_copy(c);
		kthread_unuse_mm(c->mm);
		mmput(c->mm);
	}
	return err;
}

static int eh_count_below(struct eh_ctx *c)
{
	int ret = eh_pin_count(c);

	if (ret < 0)
		return ret;
	kthread_use_mm(c->mm);
	eh_copy(c);
	kthread_unuse_mm(c->mm);
	return 0;
}

static void eh_work(struct work_struct *w)
{
	struct eh_ctx *c = container_of(w, struct eh_ctx, work);

	eh_local_below(c);
	eh_call_below(c);
	eh_local_not_negative(c);
	eh_count_below(c); /* expect: use-mm-without-mmget a count is not negative either */
}

void eh_start(struct eh_ctx *c)
{
	INIT_WORK(&c->work, eh_work);
	mmgrab(current->mm);
	c->mm = current->mm;
}
