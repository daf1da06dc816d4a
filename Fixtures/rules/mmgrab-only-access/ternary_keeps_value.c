#include <linux/mmlint_stub.h>
/*
 * A ?: whose one arm is the variable itself (`mm = other ? get_task_mm(t) : mm;`): on that arm
 * the value and what holds on it do not change, so a pin taken before stays. Written with the
 * kept arm second or first, and around a grab-only member (still reported: the kept value was
 * never pinned).
 */

struct tk_ctx {
	struct mm_struct *mm;		/* mmgrab() only */
	struct task_struct *peer;
	unsigned long addr;
};

int tk_open(struct tk_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	return 0;
}

/* 1. the kept arm second */
int tk_read_chosen(struct tk_ctx *c, struct task_struct *t, bool peer, void *buf)
{
	struct mm_struct *mm = get_task_mm(t);
	int ret;

	if (!mm)
		return -ESRCH;
	if (peer) {
		mmput(mm);
		mm = NULL;
	}
	mm = peer ? get_task_mm(c->peer) : mm;
	if (!mm)
		return -ESRCH;
	ret = access_remote_vm(mm, c->addr, buf, 8, 0); /* ok: mmgrab-only-access either arm holds a users reference */
	mmput(mm);
	return ret;
}

/* 2. the kept arm first */
int tk_read_kept_first(struct tk_ctx *c, struct task_struct *t, void *buf)
{
	struct mm_struct *mm;
	int ret;

	mm = get_task_mm(t);
	mm = mm ? mm : get_task_mm(c->peer);
	if (!mm)
		return -ESRCH;
	ret = access_remote_vm(mm, c->addr, buf, 8, 0); /* ok: mmgrab-only-access the kept value is pinned */
	mmput(mm);
	return ret;
}

/* 3. the kept value is the grab-only member */
int tk_read_member(struct tk_ctx *c, bool peer, void *buf)
{
	struct mm_struct *mm = c->mm;
	int ret;

	mm = peer ? get_task_mm(c->peer) : mm;
	if (!mm)
		return -ESRCH;
	ret = access_remote_vm(mm, c->addr, buf, 8, 0); /* expect: mmgrab-only-access the kept arm is the mmgrab holder */
	if (peer)
		mmput(mm);
	return ret;
}
