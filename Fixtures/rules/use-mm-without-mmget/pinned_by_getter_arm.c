#include <linux/mmlint_stub.h>
/*
 * A local given either a pinned mm (get_task_mm()'s result, tested for NULL after the branch)
 * or an mmgrab-only holder's: the path through the holder borrows with no mm_users. Spelled
 * as if/else, as a switch and as a ternary. Quiet when the other arm pins too
 * (mmget_not_zero() of the holder) or when both arms are getters.
 */

struct pg_ctx {
	struct mm_struct *mm;
	struct task_struct *task;
	int kind;
};

int pg_open(struct pg_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	return 0;
}

void pg_if_else(struct pg_ctx *c, struct task_struct *t)
{
	struct mm_struct *mm;

	if (t)
		mm = get_task_mm(t);
	else
		mm = c->mm;
	if (!mm)
		return;
	kthread_use_mm(mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(mm);
	if (t)
		mmput(mm);
}

void pg_switch(struct pg_ctx *c)
{
	struct mm_struct *mm = NULL;

	switch (c->kind) {
	case 0:
		mm = get_task_mm(c->task);
		break;
	default:
		mm = c->mm;
		break;
	}
	if (!mm)
		return;
	kthread_use_mm(mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(mm);
	if (c->kind == 0)
		mmput(mm);
}

void pg_ternary(struct pg_ctx *c, struct task_struct *t)
{
	struct mm_struct *mm = t ? get_task_mm(t) : c->mm;

	if (!mm)
		return;
	kthread_use_mm(mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(mm);
	if (t)
		mmput(mm);
}

/* The holder's arm pins too. */
void pg_both_pinned(struct pg_ctx *c, struct task_struct *t)
{
	struct mm_struct *mm;

	if (t) {
		mm = get_task_mm(t);
	} else {
		if (!mmget_not_zero(c->mm))
			return;
		mm = c->mm;
	}
	if (!mm)
		return;
	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	kthread_unuse_mm(mm);
	mmput(mm);
}

/* Both arms are getters. */
void pg_two_tasks(struct pg_ctx *c, struct task_struct *t)
{
	struct mm_struct *mm = t ? get_task_mm(t) : get_task_mm(c->task);

	if (!mm)
		return;
	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	kthread_unuse_mm(mm);
	mmput(mm);
}
