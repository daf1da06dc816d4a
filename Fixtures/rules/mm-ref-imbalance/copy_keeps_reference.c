#include <linux/mmlint_stub.h>
/*
 * A local copied (`prev = mm;`) and then given a new reference: the old reference stays with
 * the copy. Dropping each once, in a straight line or carried across loop iterations (the
 * previous task's mm put when the next is taken), is balanced; dropping the copy twice is a
 * double drop, and never dropping it leaks.
 */

int cr_two(struct task_struct *a, struct task_struct *b)
{
	struct mm_struct *prev, *mm;

	mm = get_task_mm(a);
	prev = mm;
	mm = get_task_mm(b);
	if (prev)
		mmput(prev);
	prev = mm;
	if (prev)
		mmput(prev); /* ok: mm-ref-imbalance */
	return 0;
}

int cr_scan(struct task_struct **tasks, int n)
{
	struct mm_struct *prev = NULL;
	int i;

	for (i = 0; i < n; i++) {
		struct mm_struct *mm = get_task_mm(tasks[i]);

		if (prev)
			mmput(prev);
		prev = mm;
	}
	if (prev)
		mmput(prev); /* ok: mm-ref-imbalance */
	return 0;
}

int cr_twice(struct task_struct *a, struct task_struct *b)
{
	struct mm_struct *old, *mm;

	mm = get_task_mm(a);
	if (!mm)
		return -ESRCH;
	old = mm;
	mm = get_task_mm(b);
	mmput(old);
	if (mm)
		mmput(mm);
	mmput(old); /* expect: mm-ref-imbalance */
	return 0;
}

int cr_lost(struct task_struct *a, struct task_struct *b)
{
	struct mm_struct *old, *mm;

	mm = get_task_mm(a);
	if (!mm)
		return -ESRCH;
	old = mm;
	mm = get_task_mm(b);
	if (mm)
		mmput(mm);
	if (b->flags)
		mmput(old);
	return 0; /* expect: mm-ref-imbalance */
}
