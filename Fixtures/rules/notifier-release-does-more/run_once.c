#include <linux/mmlint_stub.h>
/*
 * ->release made run-once by an atomic bit operation: the second run (exit_mmap() against
 * mmu_notifier_unregister()) returns before the free. Spellings: test_and_set_bit() in the
 * callback, test_and_clear_bit() of a live bit, the guard in the helper the callback calls.
 * Reported: the free before the guard, and a guard with the non-atomic __test_and_set_bit().
 */

struct ro_ctx {
	struct mmu_notifier mn;
	struct mm_struct *mm;
	unsigned long flags;
	void *table;
	void *pages;
};

bool test_and_set_bit(long nr, unsigned long *addr);
bool test_and_clear_bit(long nr, unsigned long *addr);
bool __test_and_set_bit(long nr, unsigned long *addr);
void ro_unmap_all(struct ro_ctx *c);

static void ro_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ro_ctx *c = container_of(mn, struct ro_ctx, mn);

	if (test_and_set_bit(0, &c->flags))
		return;
	ro_unmap_all(c);
	kfree(c->table); /* ok: notifier-release-does-more */
}

static const struct mmu_notifier_ops ro_ops = { .release = ro_release };

static void ro_live_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ro_ctx *c = container_of(mn, struct ro_ctx, mn);

	kfree(c->pages); /* expect: notifier-release-does-more */
	if (!test_and_clear_bit(1, &c->flags))
		return;
	kfree(c->table); /* ok: notifier-release-does-more */
}

static const struct mmu_notifier_ops ro_live_ops = { .release = ro_live_release };

static void ro_teardown(struct ro_ctx *c)
{
	if (test_and_set_bit(2, &c->flags))
		return;
	kfree(c->table); /* ok: notifier-release-does-more */
}

static void ro_helper_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	ro_teardown(container_of(mn, struct ro_ctx, mn));
}

static const struct mmu_notifier_ops ro_helper_ops = { .release = ro_helper_release };

static void ro_plain_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ro_ctx *c = container_of(mn, struct ro_ctx, mn);

	if (__test_and_set_bit(3, &c->flags))
		return;
	kfree(c->table); /* expect: notifier-release-does-more */
}

static const struct mmu_notifier_ops ro_plain_ops = { .release = ro_plain_release };

/* The run-once result kept in a local first, tested later: the second run still returns before
 * the free. The local reassigned in between proves nothing. */
static void ro_local_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ro_ctx *c = container_of(mn, struct ro_ctx, mn);
	bool dead = test_and_set_bit(3, &c->flags);

	ro_unmap_all(c);
	if (dead)
		return;
	kfree(c->table); /* ok: notifier-release-does-more */
}

static const struct mmu_notifier_ops ro_local_ops = { .release = ro_local_release };

static void ro_reset_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ro_ctx *c = container_of(mn, struct ro_ctx, mn);
	bool dead = test_and_set_bit(4, &c->flags);

	if (c->mm != mm)
		dead = false;
	if (dead)
		return;
	kfree(c->pages); /* expect: notifier-release-does-more */
}

static const struct mmu_notifier_ops ro_reset_ops = { .release = ro_reset_release };
