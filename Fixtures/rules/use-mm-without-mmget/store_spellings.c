#include <linux/mmlint_stub.h>
/*
 * use-mm-without-mmget: the mm_count-only holder written other ways — WRITE_ONCE()/READ_ONCE()
 * around the member, mmgrab() on current->mm before the store, a setter helper that grabs and
 * stores, a reference dropped before the borrow; and an ignored mmget_not_zero(), reported at
 * its cause (unchecked-mmget-not-zero) rather than at the borrow.
 */

struct pctx {
	struct mm_struct *mm;
	struct mm_struct *mms[4];
	struct work_struct work;
	struct task_struct *task;
};

/* 1. WRITE_ONCE store after mmgrab of the same value spelled through current. */
static void p1_work(struct work_struct *w)
{
	struct pctx *c = container_of(w, struct pctx, work);

	kthread_use_mm(READ_ONCE(c->mm)); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
}

int p1_bind(struct pctx *c)
{
	mmgrab(current->mm);
	WRITE_ONCE(c->mm, current->mm);
	INIT_WORK(&c->work, p1_work);
	return 0;
}

/* 2. get_task_mm, mmput, then the borrow. */
void p2_run(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return;
	mmput(mm);
	kthread_use_mm(mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(mm);
}

/* 3. A setter helper takes mm_count and stores. */
static void p3_set_mm(struct pctx *c, struct mm_struct *mm)
{
	mmgrab(mm);
	c->mm = mm;
}

static void p3_work(struct work_struct *w)
{
	struct pctx *c = container_of(w, struct pctx, work);

	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
}

int p3_bind(struct pctx *c)
{
	p3_set_mm(c, current->mm);
	INIT_WORK(&c->work, p3_work);
	return 0;
}

/* 4. mmget_not_zero result ignored. */
void p4_run(struct mm_struct *mm)
{
	(void)mmget_not_zero(mm); /* expect: unchecked-mmget-not-zero */
	kthread_use_mm(mm);
	kthread_unuse_mm(mm);
	mmput(mm);
}
