#include <linux/mmlint_stub.h>
/*
 * unlocked-lifetime-flag in other spellings: a state value stored at teardown
 * (`m->state = UL_DEAD`, not only true/false), a bitfield, a test whose guarded use is in a
 * helper it calls (two calls deep), and a switch on the state (its case label is the test).
 * Quiet: the function (or the helper) pins the mm itself with mmget_not_zero() before the
 * use, so the flag is a fast path, not the protection.
 */

struct ul_mirror {
	struct mmu_notifier mn;
	struct mm_struct *mm;
	bool dead;
	int state;
	unsigned int alive : 1;
};

#define UL_DEAD 2

/* 1. flag set through a local pointer in release, tested against an enum constant */
static void ul_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ul_mirror *m = container_of(mn, struct ul_mirror, mn);

	m->state = UL_DEAD;
	m->alive = 0;
}

static const struct mmu_notifier_ops ul_ops = {
	.release = ul_release,
};

long ul_fault(struct ul_mirror *m, unsigned long addr, struct page **pages)
{
	if (m->state == UL_DEAD) /* expect: unlocked-lifetime-flag */
		return -ESRCH;
	return get_user_pages_remote(m->mm, addr, 1, 0, pages, NULL);
}

/* 2. bitfield flag */
long ul_fault2(struct ul_mirror *m, unsigned long addr, struct page **pages)
{
	if (!m->alive) /* expect: unlocked-lifetime-flag */
		return -ESRCH;
	return get_user_pages_remote(m->mm, addr, 1, 0, pages, NULL);
}

/* 3. tested and used in a helper */
static long ul_pin(struct ul_mirror *m, unsigned long addr, struct page **pages)
{
	return get_user_pages_remote(m->mm, addr, 1, 0, pages, NULL);
}

long ul_fault3(struct ul_mirror *m, unsigned long addr, struct page **pages)
{
	if (m->dead) /* expect: unlocked-lifetime-flag */
		return -ESRCH;
	return ul_pin(m, addr, pages);
}

void ul_teardown(struct ul_mirror *m)
{
	m->dead = true;
	mmu_notifier_unregister(&m->mn, m->mm);
}

/* 4. the test is only a fast path: the function pins before the use */
long ul_fault4(struct ul_mirror *m, unsigned long addr, struct page **pages)
{
	long n;

	if (m->dead) /* ok: unlocked-lifetime-flag */
		return -ESRCH;
	if (!mmget_not_zero(m->mm))
		return -ESRCH;
	n = get_user_pages_remote(m->mm, addr, 1, 0, pages, NULL);
	mmput(m->mm);
	return n;
}

/* 5. the helper pins */
static long ul_pin5(struct ul_mirror *m, unsigned long addr, struct page **pages)
{
	long n;

	if (!mmget_not_zero(m->mm))
		return -ESRCH;
	n = get_user_pages_remote(m->mm, addr, 1, 0, pages, NULL);
	mmput(m->mm);
	return n;
}

long ul_fault5(struct ul_mirror *m, unsigned long addr, struct page **pages)
{
	if (m->dead) /* ok: unlocked-lifetime-flag */
		return -ESRCH;
	return ul_pin5(m, addr, pages);
}

/* 6. the state switched on: `case UL_DEAD:` is the test `m->state == UL_DEAD` */
long ul_fault6(struct ul_mirror *m, unsigned long addr, struct page **pages)
{
	switch (m->state) { /* expect: unlocked-lifetime-flag */
	case UL_DEAD:
		return -ESRCH;
	default:
		break;
	}
	return get_user_pages_remote(m->mm, addr, 1, 0, pages, NULL);
}
