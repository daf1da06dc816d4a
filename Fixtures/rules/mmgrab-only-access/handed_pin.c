#include <linux/mmlint_stub.h>
/*
 * A pin handed to a work item: the submitter takes mm_users with mmget_not_zero() before
 * queueing (and puts it when the work was already queued), the worker uses the mm and puts
 * that reference on every way out. The worker runs on the handed reference: not reported.
 * A worker that puts it on one path only, or before the use, or never, is the mmgrab-only
 * error (the member holds mm_count only).
 */

struct hp_ctx {
	struct mm_struct *mm;		/* mmgrab() at open */
	struct work_struct work;
	unsigned long addr;
	char buf[8];
	int err;
};

static void hp_work(struct work_struct *w)
{
	struct hp_ctx *c = container_of(w, struct hp_ctx, work);

	access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* ok: mmgrab-only-access */
	mmput(c->mm);			/* the reference hp_kick() took */
}

static void hp_work_err(struct work_struct *w)
{
	struct hp_ctx *c = container_of(w, struct hp_ctx, work);

	if (access_remote_vm(c->mm, c->addr, c->buf, 8, 0) < 0) { /* ok: mmgrab-only-access */
		c->err = -EFAULT;
		mmput(c->mm);
		return;
	}
	c->err = 0;
	mmput(c->mm);
}

static void hp_work_one_path(struct work_struct *w)
{
	struct hp_ctx *c = container_of(w, struct hp_ctx, work);

	access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* expect: mmgrab-only-access */
	if (c->err) /* expect: mm-ref-imbalance put on the error path only */
		mmput(c->mm);
}

static void hp_work_put_first(struct work_struct *w)
{
	struct hp_ctx *c = container_of(w, struct hp_ctx, work);

	mmput(c->mm);
	access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* expect: mmgrab-only-access */
}

void hp_kick(struct hp_ctx *c)
{
	if (!mmget_not_zero(c->mm))
		return;
	if (!schedule_work(&c->work))
		mmput(c->mm);
}

int hp_open(struct hp_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	INIT_WORK(&c->work, hp_work);
	INIT_WORK(&c->work, hp_work_err);
	INIT_WORK(&c->work, hp_work_one_path);
	INIT_WORK(&c->work, hp_work_put_first);
	return 0;
}
