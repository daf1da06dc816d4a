#include <linux/mmlint_stub.h>
/*
 * A local that is either NULL or the holder's member names the member wherever
 * it is used past its NULL test: spelled with ?:, and as NULL then an if.
 */

struct nm_ctx {
	struct mm_struct *mm;
	struct work_struct w1, w2;
	u32 __user *p;
};

static void nm_ternary(struct work_struct *w)
{
	struct nm_ctx *c = container_of(w, struct nm_ctx, w1);
	struct mm_struct *mm = c->p ? c->mm : NULL;

	if (!mm)
		return;
	kthread_use_mm(mm); /* expect: use-mm-without-mmget */
	put_user(1, c->p);
	kthread_unuse_mm(mm);
}

static void nm_if(struct work_struct *w)
{
	struct nm_ctx *c = container_of(w, struct nm_ctx, w2);
	struct mm_struct *mm = NULL;

	if (c->p)
		mm = c->mm;
	if (!mm)
		return;
	kthread_use_mm(mm); /* expect: use-mm-without-mmget */
	put_user(1, c->p);
	kthread_unuse_mm(mm);
}

int nm_open(struct nm_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	INIT_WORK(&c->w1, nm_ternary);
	INIT_WORK(&c->w2, nm_if);
	schedule_work(&c->w1);
	schedule_work(&c->w2);
	return 0;
}
