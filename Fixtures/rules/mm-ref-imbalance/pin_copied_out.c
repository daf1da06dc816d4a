#include <linux/mmlint_stub.h>
/*
 * A pin helper that also hands the pinned member back through an out-parameter (`if
 * (!mmget_not_zero(c->mm)) return -ESRCH; *mmp = c->mm; return 0;`): the caller's local is the
 * member, so its put is the pin's, and a path where the helper failed holds nothing. Quiet
 * with the result stored and tested `< 0`, tested directly, or tested `!= 0`; a path that
 * skips the put after the helper succeeded is a leak.
 */

struct pc_ctx {
	struct mm_struct *mm;		/* mmgrab() at bind */
	struct work_struct work;
	u32 __user *uptr;
	int mode;
};

static int pc_get_live_mm(struct pc_ctx *c, struct mm_struct **mmp)
{
	if (!mmget_not_zero(c->mm))
		return -ESRCH;
	*mmp = c->mm;
	return 0;
}

static void pc_work_stored(struct work_struct *work)
{
	struct pc_ctx *c = container_of(work, struct pc_ctx, work);
	struct mm_struct *mm;
	int err = pc_get_live_mm(c, &mm);

	if (err < 0)
		return; /* ok: mm-ref-imbalance nothing taken */
	kthread_use_mm(mm); /* ok: use-mm-without-mmget pinned by the helper */
	put_user(0, c->uptr);
	kthread_unuse_mm(mm);
	mmput(mm);
}

static void pc_work_direct(struct work_struct *work)
{
	struct pc_ctx *c = container_of(work, struct pc_ctx, work);
	struct mm_struct *mm;

	if (pc_get_live_mm(c, &mm))
		return; /* ok: mm-ref-imbalance nothing taken */
	kthread_use_mm(mm); /* ok: use-mm-without-mmget pinned by the helper */
	put_user(1, c->uptr);
	kthread_unuse_mm(mm);
	mmput(mm);
}

static void pc_work_leak(struct work_struct *work)
{
	struct pc_ctx *c = container_of(work, struct pc_ctx, work);
	struct mm_struct *mm;
	int err;

	err = pc_get_live_mm(c, &mm);
	if (err != 0)
		return;
	if (c->mode)
		return; /* expect: mm-ref-imbalance mode set leaks the pin */
	kthread_use_mm(mm); /* ok: use-mm-without-mmget pinned by the helper */
	put_user(2, c->uptr);
	kthread_unuse_mm(mm);
	mmput(mm);
}

void pc_bind(struct pc_ctx *c, int which)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	if (which == 0)
		INIT_WORK(&c->work, pc_work_stored);
	else if (which == 1)
		INIT_WORK(&c->work, pc_work_direct);
	else
		INIT_WORK(&c->work, pc_work_leak);
	schedule_work(&c->work);
}
