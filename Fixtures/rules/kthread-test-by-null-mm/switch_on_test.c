#include <linux/mmlint_stub.h>
/*
 * The test of current->mm switched on, or compared with 0 or 1: its case labels are the
 * test's two sides (`switch (current->mm != NULL) { case true: … }`).
 */

struct so_entry {
	unsigned long ip[16];
};

struct so_ctx {
	struct mm_struct *mm;
};

void so_walk_user(struct so_entry *e, struct pt_regs *regs);

void so_sample(struct so_entry *e)
{
	struct pt_regs *regs;

	switch (current->mm != NULL) { /* expect: kthread-test-by-null-mm */
	case true:
		regs = task_pt_regs(current);
		break;
	default:
		regs = NULL;
		break;
	}
	if (regs)
		so_walk_user(e, regs);
}

int so_access(struct so_ctx *c)
{
	switch (!current->mm) { /* expect: kthread-test-by-null-mm */
	case 1:
		kthread_use_mm(c->mm);
		return 0;
	case 0:
		return current->mm == c->mm ? 0 : -EPERM;
	}
	return 0;
}

int so_access_ok(struct so_ctx *c)
{
	switch ((current->flags & PF_KTHREAD) != 0) { /* ok: kthread-test-by-null-mm */
	case true:
		kthread_use_mm(c->mm);
		return 0;
	default:
		return current->mm == c->mm ? 0 : -EPERM;
	}
}

/* A helper returning the test, switched on: `case 0:` is its negation. */
static bool so_no_mm(void)
{
	return !current->mm;
}

int so_access_helper(struct so_ctx *c)
{
	switch (so_no_mm()) { /* expect: kthread-test-by-null-mm */
	case 0:
		return current->mm == c->mm ? 0 : -EPERM;
	default:
		kthread_use_mm(c->mm);
		return 0;
	}
}
