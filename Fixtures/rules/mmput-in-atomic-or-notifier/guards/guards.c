#include "locks.h"
/*
 * mmput-in-atomic-or-notifier under scope-based locks (include/linux/cleanup.h, 6.5+) and
 * lock wrappers: guard(spinlock)(&lock) holds the lock to the end of the block, scoped_guard()
 * for its statement; the compiler drops it where the scope ends (the block's end, a return,
 * a break out of the guarded loop). A driver's own lock()/unlock() helpers take and drop it
 * for their caller.
 * Quiet: mmput() after the guarded block or statement, after a return inside it, under a
 * mutex guard (a sleeping lock), after the unlock helper.
 */

struct gp_dev {
	spinlock_t lock;
	struct mutex mutex;
	struct mm_struct *mm;
	bool busy;
	int users;
};

void gp_shrink_guard(struct gp_dev *d)
{
	guard(spinlock)(&d->lock);
	if (mmget_not_zero(d->mm)) {
		d->busy = true;
		mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
	}
}

void gp_shrink_scoped(struct gp_dev *d)
{
	scoped_guard(spinlock_irq, &d->lock) {
		if (!mmget_not_zero(d->mm))
			return;
		d->busy = true;
		mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
	}
}

void gp_shrink_after_block(struct gp_dev *d)
{
	bool pinned;

	{
		guard(spinlock)(&d->lock);
		pinned = mmget_not_zero(d->mm);
		d->busy = pinned;
	}
	if (pinned)
		mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
}

void gp_shrink_after_scoped(struct gp_dev *d)
{
	bool pinned = false;

	scoped_guard(spinlock, &d->lock)
		pinned = mmget_not_zero(d->mm);
	if (pinned)
		mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
}

static int gp_claim(struct gp_dev *d)
{
	guard(spinlock)(&d->lock);
	if (d->busy)
		return -EBUSY;
	d->busy = true;
	return 0;
}

void gp_release_claimed(struct gp_dev *d)
{
	if (gp_claim(d))
		return;
	mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
}

void gp_release_mutex(struct gp_dev *d)
{
	guard(mutex)(&d->mutex);
	d->users--;
	mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
}

void gp_scan(struct gp_dev *devs, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		scoped_guard(spinlock, &devs[i].lock) {
			if (devs[i].busy)
				break;
			devs[i].users++;
		}
	}
	mmput(devs[0].mm); /* ok: mmput-in-atomic-or-notifier */
}

static void gp_lock(struct gp_dev *d)
{
	spin_lock(&d->lock);
}

static void gp_unlock(struct gp_dev *d)
{
	spin_unlock(&d->lock);
}

void gp_release_helpers(struct gp_dev *d)
{
	gp_lock(d);
	d->busy = false;
	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
	gp_unlock(d);
}

void gp_release_helpers_fixed(struct gp_dev *d)
{
	gp_lock(d);
	d->busy = false;
	gp_unlock(d);
	mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
}

int gp_release_goto(struct gp_dev *d)
{
	int ret = 0;

	if (d->users) {
		guard(spinlock)(&d->lock);
		if (d->busy) {
			ret = -EBUSY;
			goto out;
		}
		d->busy = true;
	}
	return 0;
out:
	mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
	return ret;
}

void gp_rcu_walk(struct task_struct *t)
{
	struct mm_struct *mm;

	guard(rcu)();
	mm = get_task_mm(t);
	if (mm)
		mmput(mm); /* expect: mmput-in-atomic-or-notifier */
}

/* Helpers of helpers. */
static void gp_lock_all(struct gp_dev *d)
{
	gp_lock(d);
	d->users++;
}

static void gp_unlock_all(struct gp_dev *d)
{
	d->users--;
	gp_unlock(d);
}

void gp_release_all(struct gp_dev *d)
{
	gp_lock_all(d);
	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
	gp_unlock_all(d);
}

void gp_release_all_fixed(struct gp_dev *d)
{
	gp_lock_all(d);
	d->busy = false;
	gp_unlock_all(d);
	mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
}
