#include <linux/mmlint_stub.h>
/*
 * A local declared with a scope-based put (`__free(mmput)`) owns its reference until the scope
 * ends, whatever callee it is passed to. Given a new value while it holds one, the first is
 * lost; stored into an object without no_free_ptr(), the scope's put drops what the object
 * keeps (its own later mmput() underflows mm_users).
 */

DEFINE_FREE(mmput, struct mm_struct *, if (_T) mmput(_T))

struct sp_ctx {
	struct mm_struct *mm;
	struct mm_struct *cur;
};

int sp_want(struct mm_struct *mm);
void sp_work(struct sp_ctx *c);

static int sp_small(struct mm_struct *mm)
{
	return mm->brk - mm->start_brk < 4096;
}

int sp_pick(struct task_struct *a, struct task_struct *b, void *buf)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(a);

	if (!mm)
		return -ESRCH;
	if (!sp_want(mm))
		mm = get_task_mm(b); /* expect: mm-ref-imbalance */
	if (!mm)
		return -ESRCH;
	return access_remote_vm(mm, 0, buf, 8, 0);
}

int sp_pick_known(struct task_struct *a, struct task_struct *b, void *buf)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(a);

	if (!mm)
		return -ESRCH;
	if (sp_small(mm))
		mm = get_task_mm(b); /* expect: mm-ref-imbalance */
	if (!mm)
		return -ESRCH;
	return access_remote_vm(mm, 0, buf, 8, 0);
}

int sp_attach(struct sp_ctx *c, struct task_struct *t)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	c->mm = mm; /* expect: mm-ref-imbalance */
	return 0;
}

/* The fixed forms. */
int sp_attach_ok(struct sp_ctx *c, struct task_struct *t)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	if (!sp_want(mm))
		return -EINVAL;
	c->mm = no_free_ptr(mm); /* ok: mm-ref-imbalance */
	return 0;
}

int sp_attach_nulled(struct sp_ctx *c, struct task_struct *t)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	c->mm = mm; /* ok: mm-ref-imbalance */
	mm = NULL;
	return 0;
}

/* Published for the call only: the holder is cleared before the scope's put. */
int sp_run(struct sp_ctx *c, struct task_struct *t)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	c->cur = mm; /* ok: mm-ref-imbalance */
	sp_work(c);
	c->cur = NULL;
	return 0;
}

/* Passed to a callee mmlint cannot see: the scope still puts it, once. */
int sp_ask(struct task_struct *t)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	return sp_want(mm); /* ok: mm-ref-imbalance */
}
