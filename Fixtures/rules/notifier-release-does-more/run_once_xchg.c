#include <linux/mmlint_stub.h>
/*
 * ->release made run-once by an exchange: the first run is the one that saw the old
 * value. Spellings: xchg() of a flag to 1 (the first run sees 0), atomic_xchg() of a
 * live count to 0 under `!` (the first run sees nonzero), xchg_acquire() in the helper
 * the callback calls. Reported: the free before the guard, an exchange to a value not
 * known here (it tells nothing about the run), a plain read-then-store flag.
 */

struct rx_ctx {
	struct mmu_notifier mn;
	struct mm_struct *mm;
	int dead;
	int state;
	atomic_t live;
	void *table;
	void *pages;
};

int atomic_xchg(atomic_t *v, int new);

static void rx_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct rx_ctx *c = container_of(mn, struct rx_ctx, mn);

	if (xchg(&c->dead, 1))
		return;
	kfree(c->table); /* ok: notifier-release-does-more */
}

static const struct mmu_notifier_ops rx_ops = { .release = rx_release };

static void rx_live_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct rx_ctx *c = container_of(mn, struct rx_ctx, mn);

	kfree(c->pages); /* expect: notifier-release-does-more */
	if (!atomic_xchg(&c->live, 0))
		return;
	kfree(c->table); /* ok: notifier-release-does-more */
}

static const struct mmu_notifier_ops rx_live_ops = { .release = rx_live_release };

static void rx_teardown(struct rx_ctx *c)
{
	if (xchg_acquire(&c->dead, true))
		return;
	kfree(c->table); /* ok: notifier-release-does-more */
}

static void rx_helper_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	rx_teardown(container_of(mn, struct rx_ctx, mn));
}

static const struct mmu_notifier_ops rx_helper_ops = { .release = rx_helper_release };

/* The new value is the caller's: which run sees what is not known. */
static void rx_state_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct rx_ctx *c = container_of(mn, struct rx_ctx, mn);
	int next = c->state + 1;

	if (xchg(&c->state, next))
		return;
	kfree(c->table); /* expect: notifier-release-does-more */
}

static const struct mmu_notifier_ops rx_state_ops = { .release = rx_state_release };

/* Not atomic: two runs may both read 0 before either stores. */
static void rx_plain_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct rx_ctx *c = container_of(mn, struct rx_ctx, mn);

	if (c->dead)
		return;
	c->dead = 1;
	kfree(c->table); /* expect: notifier-release-does-more */
}

static const struct mmu_notifier_ops rx_plain_ops = { .release = rx_plain_release };
