#include <linux/mmlint_stub.h>
/*
 * A ?: written as the operation's argument: the value is one member or the other by the
 * branch taken, as for a local given it by if/else (the frontend stores each arm's value in a
 * local of the ?:'s own). Both arms grab-only (or NULL): reported. An arm pinned on the path,
 * or the running task's mm: quiet.
 */

struct ta_obj {
	struct mm_struct *mm;		/* mmgrab() only */
	unsigned long start;
};

struct ta_ctx {
	struct ta_obj obj;
	struct mm_struct *alt_mm;	/* mmgrab() only */
	struct task_struct *owner;
	struct work_struct work;
	bool alt;
	u32 __user *p;
};

int ta_create(struct ta_ctx *c)
{
	c->obj.mm = current->mm;
	mmgrab(c->obj.mm);
	c->alt_mm = current->mm;
	mmgrab(c->alt_mm);
	return 0;
}

/* 1. two grab-only members */
int ta_peek(struct ta_ctx *c, void *buf)
{
	return access_remote_vm(c->alt ? c->alt_mm : c->obj.mm, c->obj.start, buf, 8, 0); /* expect: mmgrab-only-access */
}

/* 2. a member or NULL, borrowed in a work item */
static void ta_work(struct work_struct *w)
{
	struct ta_ctx *c = container_of(w, struct ta_ctx, work);

	kthread_use_mm(c->alt ? c->alt_mm : NULL); /* expect: use-mm-without-mmget */
	put_user(1, c->p);
	kthread_unuse_mm(c->alt ? c->alt_mm : NULL);
}

void ta_queue(struct ta_ctx *c)
{
	INIT_WORK(&c->work, ta_work);
	schedule_work(&c->work);
}

/* 3. fixed: the member arm pinned, the other arm the running task's own mm */
int ta_peek_pinned(struct ta_ctx *c, void *buf)
{
	int n;

	if (!mmget_not_zero(c->alt_mm))
		return -ESRCH;
	n = access_remote_vm(c->alt ? c->alt_mm : current->mm, c->obj.start, buf, 8, 0); /* ok: mmgrab-only-access */
	mmput(c->alt_mm);
	return n;
}

/*
 * 4. one arm a get_task_mm() local, the other a grab-only member: the member's arm is a bug.
 * The pinned arm is not how the fact went missing; the other arm's holder is the evidence.
 * The same with if/else into a local, and the fixed form (both arms pinned).
 */
int ta_peek_mixed(struct ta_ctx *c, void *buf)
{
	struct mm_struct *mm = get_task_mm(c->owner);
	int n;

	if (!mm)
		return -ESRCH;
	n = access_remote_vm(c->alt ? mm : c->obj.mm, c->obj.start, buf, 8, 0); /* expect: mmgrab-only-access */
	mmput(mm);
	return n;
}

int ta_peek_mixed_local(struct ta_ctx *c, void *buf)
{
	struct mm_struct *mm = get_task_mm(c->owner), *m;
	int n;

	if (!mm)
		return -ESRCH;
	if (c->alt)
		m = mm;
	else
		m = c->obj.mm;
	n = access_remote_vm(m, c->obj.start, buf, 8, 0); /* expect: mmgrab-only-access */
	mmput(mm);
	return n;
}

int ta_peek_both_pinned(struct ta_ctx *c, struct task_struct *other, void *buf)
{
	struct mm_struct *mm = get_task_mm(c->owner), *mm2, *m;
	int n;

	if (!mm)
		return -ESRCH;
	mm2 = get_task_mm(other);
	if (!mm2) {
		mmput(mm);
		return -ESRCH;
	}
	if (c->alt)
		m = mm;
	else
		m = mm2;
	n = access_remote_vm(m, c->obj.start, buf, 8, 0); /* ok: mmgrab-only-access */
	mmput(mm2);
	mmput(mm);
	return n;
}
