#include <linux/mmlint_stub.h>
/*
 * mm-ref-imbalance: a reference taken into a local and lost on a path written three more ways —
 * a goto past the put, a `continue` in a loop, an error return after mmgrab() — with a helper
 * whose body only reads the mm (a callee the index can see does not end the walk; one it cannot
 * see might keep the mm, and does). A path that falls off the end of a void function is reported
 * where the reference was taken (formerly at the function's name).
 */

static int r_check(struct mm_struct *mm)
{
	return mm->brk > mm->start_brk;
}

/* goto past the put. */
int r1(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);
	int ret = 0;

	if (!mm)
		return -ESRCH;
	if (r_check(mm)) {
		ret = -EINVAL;
		goto out;
	}
	mmput(mm);
out:
	return ret; /* expect: mm-ref-imbalance */
}

/* A loop that skips the put with continue. */
void r2(struct task_struct **tasks, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		struct mm_struct *mm = get_task_mm(tasks[i]); /* expect: mm-ref-imbalance */

		if (!mm)
			continue;
		if (r_check(mm))
			continue;
		mmput(mm);
	}
}

/* mmgrab kept on an error path. */
struct r3_ctx {
	struct mm_struct *mm;
};

int r3(struct r3_ctx *c)
{
	struct mm_struct *mm = current->mm;

	mmgrab(mm);
	if (r_check(mm))
		return -EBUSY; /* expect: mm-ref-imbalance */
	c->mm = mm;
	return 0;
}

/* Fixed: every exit drops what it took. */
int r4(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);
	int ret = 0;

	if (!mm)
		return -ESRCH;
	if (r_check(mm))
		ret = -EINVAL;
	mmput(mm); /* ok: mm-ref-imbalance */
	return ret;
}
