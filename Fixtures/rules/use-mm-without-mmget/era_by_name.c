#include <linux/mmlint_stub.h>
/*
 * use_mm() was renamed kthread_use_mm() in 5.8. In a tree of unknown version (a plain folder,
 * the files of a patch) a call to use_mm() dates the tree: it is judged, and the message says
 * which era was assumed.
 */

struct eb_ctx {
	struct mm_struct *mm;		/* mmgrab() only */
	int __user *p;
	struct work_struct w;
	struct kthread_worker *kw;
};

int eb_open(struct eb_ctx *c)
{
	c->mm = current->mm;
	mmgrab(c->mm);
	return 0;
}

static void eb_work(struct work_struct *w)
{
	struct eb_ctx *c = container_of(w, struct eb_ctx, w);

	use_mm(c->mm); /* expect: use-mm-without-mmget */
	put_user(1, c->p);
	unuse_mm(c->mm);
}

void eb_start(struct eb_ctx *c)
{
	INIT_WORK(&c->w, eb_work);
	schedule_work(&c->w);
}

/* the pre-5.8 spelling through a local, on another task's mm grabbed here */
void eb_poke(struct task_struct *tsk, int v, int __user *p)
{
	struct mm_struct *mm = tsk->mm;

	mmgrab(mm);
	use_mm(mm); /* expect: use-mm-without-mmget */
	put_user(v, p);
	unuse_mm(mm);
	mmdrop(mm);
}

/* fixed, old spelling */
static void eb_work_fixed(struct work_struct *w)
{
	struct eb_ctx *c = container_of(w, struct eb_ctx, w);

	if (!mmget_not_zero(c->mm))
		return;
	use_mm(c->mm); /* ok: use-mm-without-mmget */
	put_user(1, c->p);
	unuse_mm(c->mm);
	mmput(c->mm);
}

void eb_start_fixed(struct eb_ctx *c)
{
	INIT_WORK(&c->w, eb_work_fixed);
	schedule_work(&c->w);
}

/* the old spelling inside a helper: the requirement travels to the work item that calls it */
static void eb_attach(struct eb_ctx *c)
{
	use_mm(c->mm);
}

static void eb_work_helper(struct work_struct *w)
{
	struct eb_ctx *c = container_of(w, struct eb_ctx, w);

	eb_attach(c); /* expect: use-mm-without-mmget */
	put_user(3, c->p);
	unuse_mm(c->mm);
}

void eb_start_helper(struct eb_ctx *c)
{
	INIT_WORK(&c->w, eb_work_helper);
	schedule_work(&c->w);
}
