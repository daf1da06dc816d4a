#include <linux/mmlint_stub.h>
/*
 * The teardown's lock and the test's lock, taken different ways. One lock object excludes its
 * holders however each takes it — down_write() against down_read() (RDMA ODP's per_mm->active
 * cleared under umem_rwsem for write, readers test it for read), mutex_lock() against
 * mutex_lock_interruptible() or _killable() (an ioctl's spelling), spin_lock_irqsave() against
 * spin_lock() — except two shared holders: the release setting the flag under down_read()
 * runs beside a reader testing it under down_read(). A test under the lock protects a use
 * only while the lock is held: read under it and used after the unlock, the flag is stale.
 */

int mutex_lock_interruptible(struct mutex *lock);

struct lm_per_mm {
	struct mmu_notifier mn;
	struct mm_struct *mm;
	struct rw_semaphore umem_rwsem;
	struct mutex lock;
	spinlock_t slock;
	bool active;
	bool dying;
	bool dead;
	bool gone;
};

static void lm_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct lm_per_mm *p = container_of(mn, struct lm_per_mm, mn);
	unsigned long flags;

	down_write(&p->umem_rwsem);
	p->active = false;
	up_write(&p->umem_rwsem);

	down_read(&p->umem_rwsem);
	p->dying = true;
	up_read(&p->umem_rwsem);

	mutex_lock(&p->lock);
	p->dead = true;
	mutex_unlock(&p->lock);

	spin_lock_irqsave(&p->slock, flags);
	p->gone = true;
	spin_unlock_irqrestore(&p->slock, flags);
}

static const struct mmu_notifier_ops lm_ops = {
	.release = lm_release,
};

/* The writer excludes the readers. */
long lm_fault_read_side(struct lm_per_mm *p, unsigned long addr, struct page **pages)
{
	long n = -ESRCH;

	down_read(&p->umem_rwsem);
	if (p->active) /* ok: unlocked-lifetime-flag (cleared under the write side) */
		n = get_user_pages_remote(p->mm, addr, 1, 0, pages, NULL);
	up_read(&p->umem_rwsem);
	return n;
}

/* Two readers run together: the release can set the flag between the test and the use. */
long lm_fault_two_readers(struct lm_per_mm *p, unsigned long addr, struct page **pages)
{
	long n = -ESRCH;

	down_read(&p->umem_rwsem);
	if (!p->dying) /* expect: unlocked-lifetime-flag (both sides hold the rwsem for read) */
		n = get_user_pages_remote(p->mm, addr, 1, 0, pages, NULL);
	up_read(&p->umem_rwsem);
	return n;
}

long lm_ioctl(struct lm_per_mm *p, unsigned long addr, struct page **pages)
{
	long n;

	if (mutex_lock_interruptible(&p->lock))
		return -EINTR;
	if (p->dead) { /* ok: unlocked-lifetime-flag (the same mutex) */
		mutex_unlock(&p->lock);
		return -ESRCH;
	}
	n = get_user_pages_remote(p->mm, addr, 1, 0, pages, NULL);
	mutex_unlock(&p->lock);
	return n;
}

long lm_spin(struct lm_per_mm *p, unsigned long addr, struct page **pages)
{
	long n = -ESRCH;

	spin_lock(&p->slock);
	if (!p->gone) /* ok: unlocked-lifetime-flag (the same spinlock) */
		n = get_user_pages_remote(p->mm, addr, 1, FOLL_NOWAIT, pages, NULL);
	spin_unlock(&p->slock);
	return n;
}

/* The flag read under the mutex, the use after the unlock: the release runs in between. */
long lm_snapshot(struct lm_per_mm *p, unsigned long addr, struct page **pages)
{
	bool dead;

	mutex_lock(&p->lock);
	dead = p->dead; /* expect: unlocked-lifetime-flag (the lock is dropped before the use) */
	mutex_unlock(&p->lock);
	if (dead)
		return -ESRCH;
	return get_user_pages_remote(p->mm, addr, 1, 0, pages, NULL);
}

long lm_check_then_unlock(struct lm_per_mm *p, unsigned long addr, struct page **pages)
{
	mutex_lock(&p->lock);
	if (p->dead) { /* expect: unlocked-lifetime-flag (unlocked before the use) */
		mutex_unlock(&p->lock);
		return -ESRCH;
	}
	mutex_unlock(&p->lock);
	return get_user_pages_remote(p->mm, addr, 1, 0, pages, NULL);
}
