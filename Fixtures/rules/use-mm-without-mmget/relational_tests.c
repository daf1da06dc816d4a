#include <linux/mmlint_stub.h>
/*
 * use-mm-without-mmget: the pin's result compared with a constant instead of tested for truth —
 * `mmget_not_zero(mm) > 0`, `< 1`, `1 <= …`, `<= 0`, and a local `got > 0`. Such a comparison
 * kept no value (only ==, != and the sign tests `< 0`, `>= 0` did), so the pinned side was not
 * known to hold mm_users (a note on correct code: "this function pins it on other paths") and
 * the `<= 0` side was not known to lack it (a miss). mmget_not_zero() returns bool: below 1 is
 * false, not below 1 is true. A signed local is known non-zero where it is above 0; where it is
 * not, nothing is known.
 */

struct pb_ctx {
	struct mm_struct *mm;
};

static void pb_gt0(struct pb_ctx *c)
{
	if (mmget_not_zero(c->mm) > 0) {
		kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
		kthread_unuse_mm(c->mm);
		mmput(c->mm);
	}
}

static void pb_lt1(struct pb_ctx *c)
{
	if (mmget_not_zero(c->mm) < 1)
		return;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
	mmput(c->mm);
}

static void pb_ne1(struct pb_ctx *c)
{
	if (mmget_not_zero(c->mm) != 1)
		return;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
	mmput(c->mm);
}

static void pb_ge1(struct pb_ctx *c)
{
	if (1 <= mmget_not_zero(c->mm)) {
		kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
		kthread_unuse_mm(c->mm);
		mmput(c->mm);
	}
}

static void pb_le0_bad(struct pb_ctx *c)
{
	if (mmget_not_zero(c->mm) <= 0) {
		kthread_use_mm(c->mm); /* expect: use-mm-without-mmget */
		kthread_unuse_mm(c->mm);
	}
}

static void pb_local_gt(struct pb_ctx *c)
{
	int got = mmget_not_zero(c->mm);

	if (got > 0) {
		kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
		kthread_unuse_mm(c->mm);
		mmput(c->mm);
	}
}

void pb_init(struct pb_ctx *c)
{
	c->mm = current->mm;
	mmgrab(c->mm);
}
