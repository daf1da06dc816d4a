#include <linux/mmlint_stub.h>
/*
 * mmput-in-atomic-or-notifier: mmput() may run the whole teardown and sleep.
 *   - under a spinlock (binder's shrinker before a1b2289cef92)
 *   - under rcu_read_lock()
 *   - inside an mmu interval notifier callback (amdkfd before cf234231fcbc:
 *     the last mmput ran exit_mmap() inside the notifier)
 *   - through a helper called with a spinlock held (warning)
 * Quiet: mmput_async() there; mmput() after the unlock; a helper that drops
 * the caller's lock before it puts (wait_task_zombie() and tasklist_lock).
 */

struct mp_dev {
	spinlock_t lock;
	struct mm_struct *mm;
	struct list_head list;
	struct mmu_interval_notifier notifier;
	bool busy;
};

void mp_shrink(struct mp_dev *d)
{
	spin_lock(&d->lock);
	if (mmget_not_zero(d->mm)) {
		d->busy = true;
		mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
	}
	spin_unlock(&d->lock);
}

void mp_shrink_async(struct mp_dev *d)
{
	spin_lock(&d->lock);
	if (mmget_not_zero(d->mm)) {
		d->busy = true;
		mmput_async(d->mm); /* ok: mmput-in-atomic-or-notifier */
	}
	spin_unlock(&d->lock);
}

void mp_shrink_unlocked(struct mp_dev *d)
{
	bool pinned;

	spin_lock(&d->lock);
	pinned = mmget_not_zero(d->mm);
	d->busy = pinned;
	spin_unlock(&d->lock);
	if (pinned)
		mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
}

void mp_rcu_walk(struct mp_dev *d, struct task_struct *t)
{
	struct mm_struct *mm;

	rcu_read_lock();
	mm = get_task_mm(t);
	if (mm)
		mmput(mm); /* expect: mmput-in-atomic-or-notifier */
	rcu_read_unlock();
}

static void mp_put(struct mp_dev *d)
{
	mmput(d->mm);
}

void mp_release_locked(struct mp_dev *d)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	mp_put(d); /* expect: mmput-in-atomic-or-notifier */
	spin_unlock_irqrestore(&d->lock, flags);
}

/* Drops the caller's lock before it puts: wait_task_zombie()'s shape. */
static void mp_put_unlocking(struct mp_dev *d)
{
	spin_unlock(&d->lock);
	mmput(d->mm);
	spin_lock(&d->lock);
}

void mp_release_relock(struct mp_dev *d)
{
	spin_lock(&d->lock);
	mp_put_unlocking(d); /* ok: mmput-in-atomic-or-notifier */
	spin_unlock(&d->lock);
}

static bool mp_invalidate(struct mmu_interval_notifier *mni,
			  const struct mmu_notifier_range *range,
			  unsigned long cur_seq)
{
	if (!mmget_not_zero(mni->mm))
		return true;
	mmu_interval_set_seq(mni, cur_seq);
	mmput(mni->mm); /* expect: mmput-in-atomic-or-notifier */
	return true;
}

static bool mp_invalidate_fixed(struct mmu_interval_notifier *mni,
				const struct mmu_notifier_range *range,
				unsigned long cur_seq)
{
	if (!mmget_not_zero(mni->mm))
		return true;
	mmu_interval_set_seq(mni, cur_seq);
	mmput_async(mni->mm); /* ok: mmput-in-atomic-or-notifier */
	return true;
}

static const struct mmu_interval_notifier_ops mp_ops = {
	.invalidate = mp_invalidate,
};

static const struct mmu_interval_notifier_ops mp_ops_fixed = {
	.invalidate = mp_invalidate_fixed,
};
