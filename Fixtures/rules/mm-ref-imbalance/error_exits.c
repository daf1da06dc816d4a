#include <linux/mmlint_stub.h>
/*
 * A reference the object keeps in a member (`c->mm = get_task_mm(current)`, `mmgrab(c->mm)`):
 * the success path keeps it, so a return with it held is not a leak by itself. But when one
 * error return drops it and another error return does not, the error paths disagree and one
 * of them forgot it. get_task_mm() stored straight into the member is that member's reference
 * (also for two drops on one path).
 */

struct ee_ctx {
	struct mm_struct *mm;
	int a, b;
};

/* 1. stored from get_task_mm(): the second error return forgets it */
int ee_open(struct ee_ctx *c)
{
	c->mm = get_task_mm(current);
	if (!c->mm)
		return -ESRCH;
	if (c->a < 0) {
		mmput(c->mm);
		return -EINVAL;
	}
	if (c->b < 0)
		return -EINVAL; /* expect: mm-ref-imbalance */
	return 0; /* ok: mm-ref-imbalance */
}

/* 2. mmgrab() on the member, error returns through a switch */
int ee_bind(struct ee_ctx *c, int mode)
{
	c->mm = current->mm;
	mmgrab(c->mm);
	switch (mode) {
	case 0:
		return 0; /* ok: mm-ref-imbalance */
	case 1:
		mmdrop(c->mm);
		return -EINVAL;
	default:
		return -ENOTTY; /* expect: mm-ref-imbalance */
	}
}

/* 3. fixed: every error return drops it */
int ee_open_fixed(struct ee_ctx *c)
{
	c->mm = get_task_mm(current);
	if (!c->mm)
		return -ESRCH; /* ok: mm-ref-imbalance */
	if (c->a < 0 || c->b < 0) {
		mmput(c->mm);
		c->mm = NULL;
		return -EINVAL; /* ok: mm-ref-imbalance */
	}
	return 0; /* ok: mm-ref-imbalance */
}

/* 4. dropped twice on the error path */
int ee_open_twice(struct ee_ctx *c)
{
	c->mm = get_task_mm(current);
	if (!c->mm)
		return -ESRCH;
	if (c->a < 0) {
		mmput(c->mm);
		goto err;
	}
	return 0;
err:
	mmput(c->mm); /* expect: mm-ref-imbalance */
	return -EINVAL;
}
