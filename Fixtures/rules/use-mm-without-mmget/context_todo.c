#include <linux/mmlint_stub.h>
/*
 * Known misses that need the borrower's context (the kthread or work item it runs in) to be
 * an origin fact, not only replay's: recorded, not yet found.
 */

/*
 * 1. The creator's mm handed to a kernel thread as its data pointer after mmgrab(): in the
 * thread, `data` is a parameter whose only "caller" is the kthread_run() registration, and
 * the value passed there is current->mm, pinned in the creator's syscall but not in the
 * thread. Origins do not follow registrations (only direct calls), so `mm` is unknown.
 */
static int cx_thread(void *data)
{
	struct mm_struct *mm = data;

	kthread_use_mm(mm); /* todo: use-mm-without-mmget */
	kthread_unuse_mm(mm);
	mmdrop(mm);
	return 0;
}

int cx_start(void)
{
	mmgrab(current->mm);
	kthread_run(cx_thread, current->mm, "cx");
	return 0;
}

/*
 * 2. Another task's ->mm with no reference at all, in a work item: the worker is never that
 * task, so nothing pins the mm. Without the context, `c->owner->mm` could be the running
 * task's own (the same code in the owner's syscall is fine), so only a function's own
 * mmgrab() makes a foreign task's mm evidence today.
 */
struct cx_ctx {
	struct task_struct *owner;
	struct work_struct work;
	u32 __user *p;
};

static void cx_work(struct work_struct *w)
{
	struct cx_ctx *c = container_of(w, struct cx_ctx, work);
	struct mm_struct *mm = c->owner->mm;

	if (!mm)
		return;
	kthread_use_mm(mm); /* todo: use-mm-without-mmget */
	put_user(1, c->p);
	kthread_unuse_mm(mm);
}

void cx_queue(struct cx_ctx *c)
{
	INIT_WORK(&c->work, cx_work);
	schedule_work(&c->work);
}
