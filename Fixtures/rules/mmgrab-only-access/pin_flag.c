#include <linux/mmlint_stub.h>
/*
 * A flag that remembers whether the pin was taken: testing it later tells
 * which path ran. Quiet where the flag is tested before the access; reported
 * where the access does not depend on it.
 */

struct pf_ctx {
	struct mm_struct *mm;
	struct work_struct w1, w2;
	char buf[8];
};

static void pf_checked(struct work_struct *w)
{
	struct pf_ctx *c = container_of(w, struct pf_ctx, w1);
	bool held = false;

	if (mmget_not_zero(c->mm))
		held = true;
	if (!held)
		return;
	access_remote_vm(c->mm, 0, c->buf, 4, 0); /* ok: mmgrab-only-access */
	if (held)
		mmput(c->mm);
}

static void pf_unchecked(struct work_struct *w)
{
	struct pf_ctx *c = container_of(w, struct pf_ctx, w2);
	bool held = false;

	if (mmget_not_zero(c->mm))
		held = true;
	access_remote_vm(c->mm, 0, c->buf, 4, 0); /* expect: mmgrab-only-access */
	if (held)
		mmput(c->mm);
}

int pf_open(struct pf_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	INIT_WORK(&c->w1, pf_checked);
	INIT_WORK(&c->w2, pf_unchecked);
	schedule_work(&c->w1);
	schedule_work(&c->w2);
	return 0;
}
