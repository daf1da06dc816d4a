#include <linux/mmlint_stub.h>
/*
 * A spinlock taken by spin_trylock(): held on the side where it returned true, up to the
 * unlock. mmput() there may sleep under the lock; on the failed side, and after the unlock,
 * it may not. A mutex taken by mutex_trylock() is a sleeping lock: mmput() under it is fine.
 * The result may be kept in a local first (assigned once, tested by one branch).
 */

int spin_trylock(spinlock_t *lock);
int mutex_trylock(struct mutex *lock);

struct tl_dev {
	spinlock_t lock;
	struct mutex mutex;
	struct mm_struct *mm;
	int busy;
};

void tl_drop(struct tl_dev *d)
{
	if (spin_trylock(&d->lock)) {
		mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
		d->mm = NULL;
		spin_unlock(&d->lock);
	}
}

void tl_drop_early(struct tl_dev *d)
{
	if (!spin_trylock(&d->lock)) {
		mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
		return;
	}
	d->busy = 1;
	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
	spin_unlock(&d->lock);
}

void tl_drop_after(struct tl_dev *d)
{
	if (!spin_trylock(&d->lock))
		return;
	d->busy = 0;
	spin_unlock(&d->lock);
	mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
}

void tl_drop_mutex(struct tl_dev *d)
{
	if (!mutex_trylock(&d->mutex))
		return;
	mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
	mutex_unlock(&d->mutex);
}

/* The trylock's result kept in a local, tested once. */
void tl_drop_local(struct tl_dev *d)
{
	int locked = spin_trylock(&d->lock);

	if (!locked)
		return;
	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
	spin_unlock(&d->lock);
}

void tl_drop_local_failed(struct tl_dev *d)
{
	bool got;

	got = spin_trylock(&d->lock);
	if (got) {
		d->busy = 1;
		spin_unlock(&d->lock);
	}
	mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
}
