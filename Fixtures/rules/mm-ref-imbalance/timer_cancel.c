#include <linux/mmlint_stub.h>
/*
 * A work item queued only by its object's timer, whose worker drops the reference the object
 * holds: where the canceller's timer_delete_sync() (or del_timer_sync()) returns true the timer
 * will not run, so neither will the work it queues — the canceller owes the drop, as it does
 * for cancel_work_sync() (cancelled_work.c). Quiet where it puts first.
 */

int timer_delete_sync(struct timer_list *timer);
int del_timer_sync(struct timer_list *timer);

struct tc_req {
	struct timer_list timer;
	struct work_struct work;
	struct mm_struct *mm;		/* mmget() at submit */
	unsigned long addr;
};

static void tc_work_fn(struct work_struct *work)
{
	struct tc_req *r = container_of(work, struct tc_req, work);

	mmap_read_lock(r->mm);
	mmap_read_unlock(r->mm);
	mmput(r->mm);
	kfree(r);
}

static void tc_timer_fn(struct timer_list *t)
{
	struct tc_req *r = container_of(t, struct tc_req, timer);

	schedule_work(&r->work);
}

int tc_submit(struct tc_req *r, unsigned long delay)
{
	r->mm = current->mm;
	mmget(r->mm);
	INIT_WORK(&r->work, tc_work_fn);
	timer_setup(&r->timer, tc_timer_fn, 0);
	mod_timer(&r->timer, delay);
	return 0;
}

void tc_abort_leaks(struct tc_req *r)
{
	if (timer_delete_sync(&r->timer))
		kfree(r); /* expect: mm-ref-imbalance the work never runs */
}

void tc_abort(struct tc_req *r)
{
	if (del_timer_sync(&r->timer)) {
		mmput(r->mm);
		kfree(r); /* ok: mm-ref-imbalance put first */
	}
}
