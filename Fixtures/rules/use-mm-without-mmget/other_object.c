#include <linux/mmlint_stub.h>
/*
 * A pin taken on one object's mm does not pin the same member of another object of that type:
 * a peer reached through the first (`c->peer->mm`), or another parameter (`fetch(a, b)`: a->mm
 * pinned, b->mm borrowed). Reported. Quiet: the same object reached again through another
 * pointer — the work item's container_of() and the owner's re-read of the context pointer
 * (the member is the same object's in kernel practice), and each object pinned before its own
 * mm is borrowed.
 */

struct oo_ctx {
	struct mm_struct *mm;		/* mmgrab() only */
	struct oo_ctx *peer;
	struct oo_dev *dev;
	struct work_struct work;
	u64 __user *uaddr;
	u64 val;
};

struct oo_dev {
	struct oo_ctx *ctx;
	struct work_struct work;
};

int oo_open(struct oo_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	return 0;
}

static void oo_mirror_work(struct work_struct *w)
{
	struct oo_ctx *c = container_of(w, struct oo_ctx, work);
	struct oo_ctx *p = c->peer;

	if (!mmget_not_zero(c->mm))
		return;
	kthread_use_mm(p->mm); /* expect: use-mm-without-mmget */
	put_user(c->val, p->uaddr);
	kthread_unuse_mm(p->mm);
	mmput(c->mm);
}

static void oo_mirror_direct_work(struct work_struct *w)
{
	struct oo_ctx *c = container_of(w, struct oo_ctx, work);

	if (!mmget_not_zero(c->mm))
		return;
	kthread_use_mm(c->peer->mm); /* expect: use-mm-without-mmget */
	put_user(c->val, c->peer->uaddr);
	kthread_unuse_mm(c->peer->mm);
	mmput(c->mm);
}

static void oo_mirror_fixed_work(struct work_struct *w)
{
	struct oo_ctx *c = container_of(w, struct oo_ctx, work);
	struct oo_ctx *p = c->peer;

	if (!mmget_not_zero(p->mm))
		return;
	kthread_use_mm(p->mm); /* ok: use-mm-without-mmget */
	put_user(c->val, p->uaddr);
	kthread_unuse_mm(p->mm);
	mmput(p->mm);
}

static void oo_copy(struct oo_ctx *a, struct oo_ctx *b)
{
	if (!mmget_not_zero(a->mm))
		return;
	kthread_use_mm(b->mm);
	put_user(a->val, b->uaddr);
	kthread_unuse_mm(b->mm);
	mmput(a->mm);
}

static void oo_copy_work(struct work_struct *w)
{
	struct oo_ctx *c = container_of(w, struct oo_ctx, work);

	oo_copy(c, c->peer); /* expect: use-mm-without-mmget */
}

/* The device's work pins its context's mm, then borrows it through the context pointer re-read. */
static void oo_dev_work(struct work_struct *w)
{
	struct oo_dev *d = container_of(w, struct oo_dev, work);
	struct oo_ctx *c = d->ctx;
	struct oo_ctx *again;

	if (!mmget_not_zero(c->mm))
		return;
	again = READ_ONCE(d->ctx);
	kthread_use_mm(again->mm); /* ok: use-mm-without-mmget */
	put_user(c->val, again->uaddr);
	kthread_unuse_mm(again->mm);
	mmput(c->mm);
}

void oo_kick(struct oo_ctx *c, int how)
{
	INIT_WORK(&c->work, how == 0 ? oo_mirror_work : how == 1 ? oo_mirror_direct_work :
			    how == 2 ? oo_mirror_fixed_work : oo_copy_work);
	schedule_work(&c->work);
	INIT_WORK(&c->dev->work, oo_dev_work);
	schedule_work(&c->dev->work);
}
