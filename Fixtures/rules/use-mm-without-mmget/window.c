#include <linux/mmlint_stub.h>
/*
 * The borrow needs mm_users over its whole window, not only where it starts: an mmput()
 * between kthread_use_mm() and kthread_unuse_mm() leaves the worker running on an address
 * space the owner's exit may tear down under it. Reported at the window's end (the unuse),
 * only when the pin held where the window opened (an unpinned borrow is reported once, at
 * its start).
 */

struct wn_ctx {
	struct mm_struct *mm;		/* mmgrab() only */
	struct task_struct *owner;
	u32 __user *p;
	struct work_struct work;
	int err;
};

int wn_open(struct wn_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	return 0;
}

/* 1. the pin dropped right after the borrow starts */
static void wn_work(struct work_struct *w)
{
	struct wn_ctx *c = container_of(w, struct wn_ctx, work);

	if (!mmget_not_zero(c->mm))
		return;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	mmput(c->mm);
	put_user(1, c->p);
	kthread_unuse_mm(c->mm); /* expect: use-mm-without-mmget */
}

void wn_queue(struct wn_ctx *c)
{
	INIT_WORK(&c->work, wn_work);
	schedule_work(&c->work);
}

/* 2. get_task_mm(), dropped on an error branch inside the window */
int wn_poke(struct wn_ctx *c, u32 v)
{
	struct mm_struct *mm = get_task_mm(c->owner);
	int ret;

	if (!mm)
		return -ESRCH;
	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	if (c->err)
		mmput_async(mm);
	ret = put_user(v, c->p);
	kthread_unuse_mm(mm); /* expect: use-mm-without-mmget */
	if (!c->err)
		mmput(mm);
	return ret;
}

/* 3. fixed: the pin dropped after the window closes */
int wn_poke_fixed(struct wn_ctx *c, u32 v)
{
	struct mm_struct *mm = get_task_mm(c->owner);
	int ret;

	if (!mm)
		return -ESRCH;
	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	ret = put_user(v, c->p);
	kthread_unuse_mm(mm); /* ok: use-mm-without-mmget */
	mmput(mm);
	return ret;
}

/* 4. no pin at all: reported where the borrow starts, not again at its end */
void wn_poke_unpinned(struct wn_ctx *c, u32 v)
{
	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget */
	put_user(v, c->p);
	kthread_unuse_mm(c->mm); /* ok: use-mm-without-mmget */
}
