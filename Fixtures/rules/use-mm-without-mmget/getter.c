#include <linux/mmlint_stub.h>
/*
 * The holder's member read through a getter (a static inline that returns it,
 * directly or through a local): the borrow is of that member.
 */

struct gt_ctx {
	struct mm_struct *mm;
	struct work_struct w;
	u32 __user *p;
};

static inline struct mm_struct *gt_mm(struct gt_ctx *c)
{
	return c->mm;
}

static struct mm_struct *gt_mm_or_null(struct gt_ctx *c)
{
	struct mm_struct *mm = c->mm;

	if (!c->p)
		return NULL;
	return mm;
}

static void gt_work(struct work_struct *w)
{
	struct gt_ctx *c = container_of(w, struct gt_ctx, w);

	kthread_use_mm(gt_mm(c)); /* expect: use-mm-without-mmget */
	put_user(1, c->p);
	kthread_unuse_mm(gt_mm(c));
	kthread_use_mm(gt_mm_or_null(c)); /* expect: use-mm-without-mmget */
	put_user(2, c->p);
	kthread_unuse_mm(gt_mm_or_null(c));
}

int gt_open(struct gt_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	INIT_WORK(&c->w, gt_work);
	schedule_work(&c->w);
	return 0;
}
