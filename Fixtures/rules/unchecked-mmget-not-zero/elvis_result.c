#include <linux/mmlint_stub.h>
/*
 * mmget_not_zero()'s result through GNU `a ?: b`: the operand is the result where it is not
 * zero, so `pinned = mmget_not_zero(mm) ?: 0` holds the test's outcome, and the `?:` tests it
 * once. Stored and never tested again, the mm is used and put whether or not it was pinned:
 * reported at the store and at the put on the failed side. Tested as the condition, it is the usual check.
 */

struct er_ctx {
	struct mm_struct *mm;	/* mmgrab() at open */
	unsigned long addr;
};

int er_use(struct mm_struct *mm, unsigned long addr);

int er_untested(struct er_ctx *c)
{
	int pinned = mmget_not_zero(c->mm) ?: 0; /* expect: unchecked-mmget-not-zero stored and never tested */
	int ret;

	ret = er_use(c->mm, c->addr);
	mmput(c->mm); /* expect: unchecked-mmget-not-zero put where the pin failed */
	return ret;
}

int er_tested_inline(struct er_ctx *c)
{
	int ret;

	if (!(mmget_not_zero(c->mm) ?: 0)) /* ok: unchecked-mmget-not-zero the test is the condition */
		return -ESRCH;
	ret = er_use(c->mm, c->addr);
	mmput(c->mm);
	return ret;
}
