#include <linux/mmlint_stub.h>
/*
 * The teardown flag read into a local and tested later: the same race as testing the member
 * in place (the teardown can run between the read and the use). Reported at the read.
 * Spellings: a bool, a state compared with its dead value, a negated "alive" flag. Quiet: the
 * read under the teardown's lock (held to the use), a READ_ONCE() read with a pin before the
 * use, a local assigned twice (not one member's value).
 */

struct fl_mirror {
	struct mmu_notifier mn;
	struct mm_struct *mm;
	spinlock_t lock;
	bool dead;
	bool alive;
	int state;
	int lstate;
};

#define FL_DEAD 3

static void fl_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct fl_mirror *m = container_of(mn, struct fl_mirror, mn);

	m->dead = true;
	m->alive = false;
	m->state = FL_DEAD;
}

static const struct mmu_notifier_ops fl_ops = {
	.release = fl_release,
};

long fl_fault(struct fl_mirror *m, unsigned long addr, struct page **p)
{
	bool dead = m->dead; /* expect: unlocked-lifetime-flag */

	if (dead)
		return -ESRCH;
	return get_user_pages_remote(m->mm, addr, 1, 0, p, NULL);
}

long fl_fault_state(struct fl_mirror *m, unsigned long addr, struct page **p)
{
	int state;

	state = m->state; /* expect: unlocked-lifetime-flag */
	if (state == FL_DEAD)
		return -ESRCH;
	return get_user_pages_remote(m->mm, addr, 1, 0, p, NULL);
}

long fl_fault_alive(struct fl_mirror *m, unsigned long addr, struct page **p)
{
	bool alive = m->alive; /* expect: unlocked-lifetime-flag */

	if (!alive)
		return -ESRCH;
	return get_user_pages_remote(m->mm, addr, 1, 0, p, NULL);
}

/* Quiet: the flag read and the use under the lock the teardown's store is under too. */
static void fl_release_locked(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct fl_mirror *m = container_of(mn, struct fl_mirror, mn);

	spin_lock(&m->lock);
	m->lstate = 7;
	spin_unlock(&m->lock);
}

static const struct mmu_notifier_ops fl_locked_ops = {
	.release = fl_release_locked,
};

long fl_fault_locked(struct fl_mirror *m, unsigned long addr, struct page **p)
{
	long n = -ESRCH;
	int state;

	spin_lock(&m->lock);
	state = m->lstate; /* ok: unlocked-lifetime-flag */
	if (state != 7)
		n = get_user_pages_remote(m->mm, addr, 1, 0, p, NULL);
	spin_unlock(&m->lock);
	return n;
}

/* Quiet: a local given two values is not the flag. */
long fl_fault_two(struct fl_mirror *m, unsigned long addr, struct page **p, bool force)
{
	bool skip = m->dead; /* ok: unlocked-lifetime-flag */

	if (force)
		skip = false;
	if (skip)
		return -ESRCH;
	return get_user_pages_remote(m->mm, addr, 1, 0, p, NULL);
}
