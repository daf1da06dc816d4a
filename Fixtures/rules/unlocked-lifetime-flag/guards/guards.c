#include "locks.h"
/*
 * unlocked-lifetime-flag with scope-based locks (guard(), scoped_guard(): include/linux/
 * cleanup.h, 6.5+) and a driver's own lock helpers. A flag set under the teardown's lock and
 * tested under the same lock is no race, however the lock is spelled.
 * Reported: the flag set under a guard but tested without any lock; set without a lock and
 * tested under a guard of it (the teardown does not take it).
 */

struct gl_mirror {
	struct mmu_notifier mn;
	struct mm_struct *mm;
	spinlock_t lock;
	struct mutex mutex;
	bool guarded_dead;
	bool scoped_dead;
	bool mutex_dead;
	bool helper_dead;
	bool loose_dead;
	bool plain_dead;
	unsigned long addr;
	struct page *page;
	struct work_struct fault_work;
};

static void gl_lock(struct gl_mirror *m)
{
	spin_lock(&m->lock);
}

static void gl_unlock(struct gl_mirror *m)
{
	spin_unlock(&m->lock);
}

static void gl_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct gl_mirror *m = container_of(mn, struct gl_mirror, mn);

	{
		guard(spinlock)(&m->lock);
		m->guarded_dead = true;
		m->loose_dead = true;
	}
	scoped_guard(spinlock_irq, &m->lock)
		m->scoped_dead = true;
	scoped_guard(mutex, &m->mutex) {
		m->mutex_dead = true;
	}
	gl_lock(m);
	m->helper_dead = true;
	gl_unlock(m);
	m->plain_dead = true;
}

static const struct mmu_notifier_ops gl_ops = {
	.release = gl_release,
};

long gl_fault_guarded(struct gl_mirror *m)
{
	guard(spinlock)(&m->lock);
	if (m->guarded_dead) /* ok: unlocked-lifetime-flag */
		return -ESRCH;
	return get_user_pages_remote(m->mm, m->addr, 1, 0, &m->page, NULL);
}

long gl_fault_scoped(struct gl_mirror *m)
{
	long ret = -ESRCH;

	scoped_guard(spinlock_irq, &m->lock) {
		if (!m->scoped_dead) /* ok: unlocked-lifetime-flag */
			ret = get_user_pages_remote(m->mm, m->addr, 1, 0, &m->page, NULL);
	}
	return ret;
}

long gl_fault_mutex(struct gl_mirror *m)
{
	guard(mutex)(&m->mutex);
	if (m->mutex_dead) /* ok: unlocked-lifetime-flag */
		return -ESRCH;
	return get_user_pages_remote(m->mm, m->addr, 1, 0, &m->page, NULL);
}

long gl_fault_helpers(struct gl_mirror *m)
{
	long ret = -ESRCH;

	gl_lock(m);
	if (!m->helper_dead) /* ok: unlocked-lifetime-flag */
		ret = get_user_pages_remote(m->mm, m->addr, 1, 0, &m->page, NULL);
	gl_unlock(m);
	return ret;
}

long gl_fault_loose(struct gl_mirror *m)
{
	if (m->loose_dead) /* expect: unlocked-lifetime-flag */
		return -ESRCH;
	return get_user_pages_remote(m->mm, m->addr, 1, 0, &m->page, NULL);
}

long gl_fault_plain(struct gl_mirror *m)
{
	guard(spinlock)(&m->lock);
	if (m->plain_dead) /* expect: unlocked-lifetime-flag */
		return -ESRCH;
	return get_user_pages_remote(m->mm, m->addr, 1, 0, &m->page, NULL);
}

static void gl_fault_work(struct work_struct *work)
{
	struct gl_mirror *m = container_of(work, struct gl_mirror, fault_work);

	gl_fault_guarded(m);
	gl_fault_scoped(m);
	gl_fault_mutex(m);
	gl_fault_helpers(m);
	gl_fault_loose(m);
	gl_fault_plain(m);
}

void gl_mirror_init(struct gl_mirror *m)
{
	INIT_WORK(&m->fault_work, gl_fault_work);
}
