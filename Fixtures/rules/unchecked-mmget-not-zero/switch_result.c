#include <linux/mmlint_stub.h>
/*
 * A pin's result switched on instead of tested with if: each case label is a test of the
 * switched value (`case 0:` is the failed pin, `case 1:`/`case true:` the taken one, `default:`
 * what no label matched). The result is used, the reference is held only in the cases where
 * the pin succeeded, and a drop in the failed case underflows the count.
 */

struct sw_ctx {
	struct mm_struct *mm;
	unsigned long addr;
	struct page *page;
};

enum sw_state { SW_NONE, SW_PINNED };

int sw_zero_first(struct sw_ctx *c)
{
	switch (mmget_not_zero(c->mm)) { /* ok: unchecked-mmget-not-zero */
	case 0:
		return -ESRCH;
	default:
		break;
	}
	get_user_pages_remote(c->mm, c->addr, 1, 0, &c->page, NULL); /* ok: mmgrab-only-access */
	mmput(c->mm); /* ok: unchecked-mmget-not-zero */
	return 0;
}

int sw_true_case(struct sw_ctx *c)
{
	int ret = -ESRCH;

	switch (mmget_not_zero(c->mm)) { /* ok: unchecked-mmget-not-zero */
	case true:
		ret = get_user_pages_remote(c->mm, c->addr, 1, 0, &c->page, NULL); /* ok: mmgrab-only-access */
		mmput(c->mm); /* ok: unchecked-mmget-not-zero */
		break;
	case false:
		break;
	}
	return ret;
}

int sw_local(struct sw_ctx *c)
{
	bool ok = mmget_not_zero(c->mm);

	switch (ok) {
	case 1:
		break;
	default:
		return -ESRCH;
	}
	access_remote_vm(c->mm, c->addr, NULL, 0, 0); /* ok: mmgrab-only-access */
	mmput(c->mm); /* ok: unchecked-mmget-not-zero */
	return 0;
}

int sw_enum(struct sw_ctx *c)
{
	enum sw_state st = mmget_not_zero(c->mm) ? SW_PINNED : SW_NONE;

	switch (st) {
	case SW_NONE:
		mmput(c->mm); /* expect: unchecked-mmget-not-zero */
		return -ESRCH;
	case SW_PINNED:
		break;
	}
	mmput(c->mm);
	return 0;
}

int sw_wrong_case(struct sw_ctx *c)
{
	switch (mmget_not_zero(c->mm)) {
	case 0:
		mmput(c->mm); /* expect: unchecked-mmget-not-zero */
		return -ESRCH;
	default:
		break;
	}
	mmput(c->mm); /* ok: unchecked-mmget-not-zero */
	return 0;
}

int sw_fallthrough(struct sw_ctx *c, int mode)
{
	switch (mmget_not_zero(c->mm)) {
	case false:
		mode = -ESRCH;
		fallthrough;
	case true:
		mmput(c->mm); /* expect: unchecked-mmget-not-zero */
		break;
	}
	return mode;
}

int sw_unused_default(struct sw_ctx *c)
{
	switch (mmget_not_zero(c->mm)) { /* expect: unchecked-mmget-not-zero */
	default:
		break;
	}
	return 0;
}
