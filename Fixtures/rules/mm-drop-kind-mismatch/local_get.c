#include <linux/mmlint_stub.h>
/*
 * A local whose only value is a get of one count dropped with the other count's put, in one
 * function: `mm = get_task_mm(t); … mmdrop(mm);` leaks mm_users (the address space is never
 * torn down) and underflows mm_count; a helper's mmgrab()'d result dropped with mmput() takes
 * an mm_users reference its owner holds. A conversion in the function (`mmgrab(mm);
 * mmput(mm); … mmdrop(mm);`) or a local handed on is not judged here.
 */

struct lg_ctx {
	struct task_struct *task;
	struct mm_struct *mm;
};

static void lg_drop_mm(struct mm_struct *mm)
{
	mmdrop(mm);
}

int lg_peek_wrong(struct task_struct *t, unsigned long addr, void *buf, int len)
{
	struct mm_struct *mm = get_task_mm(t);
	int ret;

	if (!mm)
		return -ESRCH;
	ret = access_remote_vm(mm, addr, buf, len, 0);
	mmdrop(mm); /* expect: mm-drop-kind-mismatch users dropped as a count */
	return ret; /* expect: mm-ref-imbalance the users reference leaks */
}

int lg_peek_wrapper(struct lg_ctx *c)
{
	struct mm_struct *mm;

	mm = get_task_mm(c->task);
	if (!mm)
		return -ESRCH;
	lg_drop_mm(mm); /* expect: mm-drop-kind-mismatch through the driver wrapper */
	return 0; /* expect: mm-ref-imbalance */
}

static struct mm_struct *lg_grab_owner_mm(struct task_struct *t)
{
	struct mm_struct *mm;

	task_lock(t);
	mm = t->mm;
	if (!mm) {
		task_unlock(t);
		return NULL;
	}
	mmgrab(mm);
	task_unlock(t);
	return mm;
}

void lg_grab_then_put(struct task_struct *t)
{
	struct mm_struct *mm = lg_grab_owner_mm(t);

	if (!mm)
		return;
	mmput(mm); /* expect: mm-drop-kind-mismatch a count dropped as users */
}

/* The helper grabs where the pointer is set and returns it either way: not yet read as a get. */
static struct mm_struct *lg_grab_if_set(struct task_struct *t)
{
	struct mm_struct *mm;

	task_lock(t);
	mm = t->mm;
	if (mm)
		mmgrab(mm);
	task_unlock(t);
	return mm;
}

void lg_grab_if_set_then_put(struct task_struct *t)
{
	struct mm_struct *mm = lg_grab_if_set(t);

	if (!mm)
		return;
	mmput(mm); /* todo: mm-drop-kind-mismatch a helper returning its conditional grab */
}

int lg_peek_ok(struct task_struct *t, unsigned long addr, void *buf, int len)
{
	struct mm_struct *mm = get_task_mm(t);
	int ret;

	if (!mm)
		return -ESRCH;
	ret = access_remote_vm(mm, addr, buf, len, 0);
	mmput(mm); /* ok: mm-drop-kind-mismatch */
	return ret;
}

int lg_convert_ok(struct lg_ctx *c)
{
	struct mm_struct *mm = get_task_mm(c->task);

	if (!mm)
		return -ESRCH;
	mmgrab(mm);
	mmput(mm); /* ok: mm-drop-kind-mismatch traded for a count */
	mmdrop(mm); /* ok: mm-drop-kind-mismatch */
	return 0;
}

int lg_handed_ok(struct lg_ctx *c)
{
	struct mm_struct *mm = get_task_mm(c->task);

	if (!mm)
		return -ESRCH;
	c->mm = mm;
	return 0;
}

void lg_handed_release(struct lg_ctx *c)
{
	mmput(c->mm); /* ok: mm-drop-kind-mismatch */
}
