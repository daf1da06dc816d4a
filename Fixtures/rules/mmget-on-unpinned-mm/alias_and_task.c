#include <linux/mmlint_stub.h>
/*
 * mmget-on-unpinned-mm: the mmgrab-only member read into a local first (caught), and a task
 * handed in as a parameter whose ->mm is read without task_lock(). The rule takes task->mm as
 * held ("callers read it under task_lock"): exit_mm() clears it under task_lock() and then
 * mmput()s, so an unlocked read of another task's ->mm followed by mmget() can resurrect a dying
 * address space — a known miss for a parameter (its callers may pass current), kept as todo
 * (UNCERTAIN in the rule file); a task a pid lookup returned is judged (task_lookup.c).
 */

struct up_dev {
	struct mm_struct *mm;		/* mmgrab() at open */
	struct work_struct work;
};

int up_open(struct up_dev *d)
{
	d->mm = current->mm;
	mmgrab(d->mm);
	return 0;
}

/* Through a local alias of the mmgrab-only member. */
static void up_work(struct work_struct *w)
{
	struct up_dev *d = container_of(w, struct up_dev, work);
	struct mm_struct *mm = d->mm;

	mmget(mm); /* expect: mmget-on-unpinned-mm */
	mmput(mm);
}

/* A foreign task's ->mm without task_lock(). */
void up_task(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;

	if (!mm)
		return;
	mmget(mm); /* todo: mmget-on-unpinned-mm */
	mmput(mm);
}

/* Under task_lock(): quiet. */
void up_task_locked(struct task_struct *t)
{
	struct mm_struct *mm;

	task_lock(t);
	mm = t->mm;
	if (mm)
		mmget(mm); /* ok: mmget-on-unpinned-mm */
	task_unlock(t);
	if (mm)
		mmput(mm);
}
