#include <linux/mmlint_stub.h>
/*
 * A truth value stored where a pin held (`held = true;` inside `if (mmget_not_zero(..))`)
 * tells which path ran, not that the pin still holds: after the mmput() the access is on an
 * mm held only by mmgrab. Before the put it is fine. (Spelled with a bool and with an int
 * that holds the pin's result.)
 */

struct fp_ctx {
	struct mm_struct *mm;		/* mmgrab() at open */
	struct work_struct work;
	unsigned long addr;
	char buf[8];
};

static void fp_work(struct work_struct *w)
{
	struct fp_ctx *c = container_of(w, struct fp_ctx, work);
	bool held = false;

	if (mmget_not_zero(c->mm))
		held = true;
	if (held)
		access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* ok: mmgrab-only-access */
	if (held)
		mmput(c->mm);
	if (held)
		access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* expect: mmgrab-only-access */
}

static void fp_work_int(struct work_struct *w)
{
	struct fp_ctx *c = container_of(w, struct fp_ctx, work);
	int pinned = mmget_not_zero(c->mm);

	if (pinned)
		mmput(c->mm);
	if (pinned)
		access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* expect: mmgrab-only-access */
}

int fp_open(struct fp_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	INIT_WORK(&c->work, fp_work);
	INIT_WORK(&c->work, fp_work_int);
	return 0;
}
