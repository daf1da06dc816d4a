#include <linux/mmlint_stub.h>
/*
 * The run-once bit tested through a helper that returns it (`return
 * !test_and_set_bit(DEAD, &b->flags);`, or test_and_clear_bit() of a LIVE bit): a second
 * ->release returns before the put. A helper whose answer is not a run-once operation's (a
 * plain read of the bit) guards nothing.
 */

bool test_and_set_bit(long nr, unsigned long *addr);
bool test_and_clear_bit(long nr, unsigned long *addr);

#define RH_DEAD	0
#define RH_LIVE	1

struct rh_bond {
	struct mmu_notifier mn;
	struct kref ref;
	unsigned long flags;
};

static void rh_free(struct kref *ref)
{
	kfree(container_of(ref, struct rh_bond, ref));
}

static bool rh_mark_dead(struct rh_bond *b)
{
	return !test_and_set_bit(RH_DEAD, &b->flags);
}

static bool rh_was_live(struct rh_bond *b)
{
	return test_and_clear_bit(RH_LIVE, &b->flags);
}

static bool rh_is_live(struct rh_bond *b)
{
	return test_bit(RH_LIVE, &b->flags);
}

static void rh_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct rh_bond *b = container_of(mn, struct rh_bond, mn);

	if (!rh_mark_dead(b))
		return;
	kref_put(&b->ref, rh_free); /* ok: notifier-release-does-more the helper tells the first run */
}

static void rh_release_live(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct rh_bond *b = container_of(mn, struct rh_bond, mn);

	if (rh_was_live(b))
		kref_put(&b->ref, rh_free); /* ok: notifier-release-does-more the helper tells the first run */
}

static void rh_release_read(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct rh_bond *b = container_of(mn, struct rh_bond, mn);

	if (rh_is_live(b))
		kref_put(&b->ref, rh_free); /* expect: notifier-release-does-more a plain read tells nothing */
}

static const struct mmu_notifier_ops rh_ops1 = { .release = rh_release };
static const struct mmu_notifier_ops rh_ops2 = { .release = rh_release_live };
static const struct mmu_notifier_ops rh_ops3 = { .release = rh_release_read };
