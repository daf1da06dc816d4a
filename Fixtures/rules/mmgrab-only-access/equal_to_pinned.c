#include <linux/mmlint_stub.h>
/*
 * The owner task's mm pinned with get_task_mm() and checked to be the member (spelled ==, !=
 * with a goto, member on either side): the member's mm_struct is the pinned one until that
 * reference is put. Used after the put, or compared with an mm nothing pins, it is the
 * mmgrab-only error.
 */

struct ep_ctx {
	struct mm_struct *mm;		/* mmgrab() at open */
	struct mm_struct *peer;		/* no reference */
	struct task_struct *owner;
	struct work_struct work;
	unsigned long addr;
	char buf[8];
};

static void ep_work(struct work_struct *w)
{
	struct ep_ctx *c = container_of(w, struct ep_ctx, work);
	struct mm_struct *mm = get_task_mm(c->owner);

	if (!mm)
		return;
	if (mm == c->mm)
		access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* ok: mmgrab-only-access */
	mmput(mm);
}

static void ep_work_goto(struct work_struct *w)
{
	struct ep_ctx *c = container_of(w, struct ep_ctx, work);
	struct mm_struct *mm;

	mm = get_task_mm(c->owner);
	if (!mm)
		return;
	if (c->mm != mm)
		goto out;
	access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* ok: mmgrab-only-access */
out:
	mmput(mm);
}

static void ep_work_late(struct work_struct *w)
{
	struct ep_ctx *c = container_of(w, struct ep_ctx, work);
	struct mm_struct *mm = get_task_mm(c->owner);
	bool same;

	if (!mm)
		return;
	same = false;
	if (mm == c->mm)
		same = true;
	mmput(mm);
	if (same)
		access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* expect: mmgrab-only-access */
}

static void ep_work_peer(struct work_struct *w)
{
	struct ep_ctx *c = container_of(w, struct ep_ctx, work);
	struct mm_struct *mm = c->peer;

	if (mm == c->mm)
		access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* expect: mmgrab-only-access */
}

int ep_open(struct ep_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	c->owner = current;
	INIT_WORK(&c->work, ep_work);
	INIT_WORK(&c->work, ep_work_goto);
	INIT_WORK(&c->work, ep_work_late);
	INIT_WORK(&c->work, ep_work_peer);
	return 0;
}
