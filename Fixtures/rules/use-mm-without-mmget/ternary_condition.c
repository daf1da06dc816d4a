#include <linux/mmlint_stub.h>
/*
 * A pin inside a conditional operator that is itself the condition (`if (c->mode ?
 * !mmget_not_zero(c->mm) : true) return;`): each arm is a condition of its own, so the path
 * past the test holds the pin exactly where the arm that pins succeeded. The arm that returns
 * false without pinning lets a borrow through unpinned.
 */

struct tc_ctx {
	struct mm_struct *mm;		/* mmgrab() at create */
	int mode;
	bool remote;
	u32 __user *uptr;
};

int tc_create(struct tc_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	return 0;
}

void tc_negated_arm(struct tc_ctx *c)
{
	if (c->mode ? !mmget_not_zero(c->mm) : true)
		return;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget pinned on the only arm that goes on */
	put_user(1, c->uptr);
	kthread_unuse_mm(c->mm);
	mmput(c->mm); /* ok: mm-ref-imbalance */
}

void tc_negated_whole(struct tc_ctx *c)
{
	if (!(c->remote ? mmget_not_zero(c->mm) : false))
		return;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
	mmput(c->mm); /* ok: mm-ref-imbalance */
}

void tc_false_arm_goes_on(struct tc_ctx *c)
{
	if (c->mode ? !mmget_not_zero(c->mm) : false)
		return;
	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget mode zero never pins */
	put_user(1, c->uptr);
	kthread_unuse_mm(c->mm);
	if (c->mode)
		mmput(c->mm); /* ok: mm-ref-imbalance put where it was pinned */
}

int tc_goto_arm(struct tc_ctx *c)
{
	int ret = 0;

	if (c->remote ? mmget_not_zero(c->mm) == 0 : c->mode == 0)
		goto out;
	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget the local arm tests the mode only */
	kthread_unuse_mm(c->mm);
	if (c->remote)
		mmput(c->mm);
out:
	return ret;
}
