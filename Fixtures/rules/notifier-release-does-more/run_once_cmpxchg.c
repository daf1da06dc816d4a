#include <linux/mmlint_stub.h>
/*
 * ->release made run-once by a compare-and-exchange: the first run sees the expected value,
 * every later one the new value. Spellings: cmpxchg() of a flag from 0 to 1 tested `!= 0`,
 * atomic_cmpxchg() of a state from LIVE to DEAD tested `!= LIVE`, cmpxchg_acquire() in the
 * helper the callback calls tested as a truth value of a 1 → 0 exchange. Reported: a free
 * before the guard, an exchange whose new value is the caller's, a test both runs answer
 * alike (`== 2`: neither 0 nor 1).
 */

#define RC_LIVE	1
#define RC_DEAD	2

struct rc_ctx {
	struct mmu_notifier mn;
	struct mm_struct *mm;
	int dead;
	int armed;
	int state;
	atomic_t astate;
	void *table;
	void *pages;
};

int atomic_cmpxchg(atomic_t *v, int o, int n);

static void rc_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct rc_ctx *c = container_of(mn, struct rc_ctx, mn);

	if (cmpxchg(&c->dead, 0, 1) != 0)
		return;
	kfree(c->table); /* ok: notifier-release-does-more */
}

static const struct mmu_notifier_ops rc_ops = { .release = rc_release };

static void rc_state_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct rc_ctx *c = container_of(mn, struct rc_ctx, mn);

	kfree(c->pages); /* expect: notifier-release-does-more */
	if (atomic_cmpxchg(&c->astate, RC_LIVE, RC_DEAD) != RC_LIVE)
		return;
	kfree(c->table); /* ok: notifier-release-does-more */
}

static const struct mmu_notifier_ops rc_state_ops = { .release = rc_state_release };

static void rc_teardown(struct rc_ctx *c)
{
	if (!cmpxchg_acquire(&c->armed, 1, 0))
		return;
	kfree(c->table); /* ok: notifier-release-does-more */
}

static void rc_helper_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	rc_teardown(container_of(mn, struct rc_ctx, mn));
}

static const struct mmu_notifier_ops rc_helper_ops = { .release = rc_helper_release };

/* The new value is the caller's: which run sees what is not known. */
static void rc_next_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct rc_ctx *c = container_of(mn, struct rc_ctx, mn);
	int next = c->state + 1;

	if (cmpxchg(&c->state, 0, next) != 0)
		return;
	kfree(c->table); /* expect: notifier-release-does-more */
}

static const struct mmu_notifier_ops rc_next_ops = { .release = rc_next_release };

/* Both runs answer `== 2` alike (the first sees 0, the later ones 1). */
static void rc_alike_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct rc_ctx *c = container_of(mn, struct rc_ctx, mn);

	if (cmpxchg(&c->dead, 0, 1) == 2)
		return;
	kfree(c->table); /* expect: notifier-release-does-more */
}

static const struct mmu_notifier_ops rc_alike_ops = { .release = rc_alike_release };
