#include <linux/mmlint_stub.h>
/*
 * Two more ways for ->release to act once however often it runs. An exchange that empties
 * the member (`t = xchg(&c->table, NULL); kfree(t);`, any ordering of xchg): only one run gets
 * the old pointer, the other frees NULL. A snapshot read and cleared in one locked section,
 * the unlink after the unlock behind a test of the snapshot (`was = c->linked; c->linked =
 * false;`): only one run reads it set. Their twins (an exchange that stores a non-NULL value,
 * a snapshot never cleared) act on every run.
 */

struct ts_ctx {
	struct mmu_notifier mn;
	spinlock_t lock;
	void *table;
	void *spare;
	struct list_head node;
	bool linked;
};

static void ts_release_xchg(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ts_ctx *c = container_of(mn, struct ts_ctx, mn);
	void *t = xchg(&c->table, NULL);

	kfree(t); /* ok: notifier-release-does-more taken out by an exchange */
}

static void ts_release_xchg_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ts_ctx *c = container_of(mn, struct ts_ctx, mn);
	void *t;

	t = xchg_release(&c->table, NULL);
	kfree(t); /* ok: notifier-release-does-more taken out by an exchange */
}

static void ts_release_swap_in(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ts_ctx *c = container_of(mn, struct ts_ctx, mn);
	void *t = xchg(&c->table, c->spare);

	kfree(t); /* expect: notifier-release-does-more the second run frees the spare */
}

static void ts_release_snapshot(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ts_ctx *c = container_of(mn, struct ts_ctx, mn);
	bool was;

	spin_lock(&c->lock);
	was = c->linked;
	c->linked = false;
	spin_unlock(&c->lock);
	if (was)
		list_del(&c->node); /* ok: notifier-release-does-more only one run reads it set */
}

static void ts_release_snapshot_kept(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ts_ctx *c = container_of(mn, struct ts_ctx, mn);
	bool was;

	spin_lock(&c->lock);
	was = c->linked;
	spin_unlock(&c->lock);
	if (was)
		list_del(&c->node); /* expect: notifier-release-does-more both runs read it set */
}

static const struct mmu_notifier_ops ts_ops1 = { .release = ts_release_xchg };
static const struct mmu_notifier_ops ts_ops2 = { .release = ts_release_xchg_release };
static const struct mmu_notifier_ops ts_ops3 = { .release = ts_release_swap_in };
static const struct mmu_notifier_ops ts_ops4 = { .release = ts_release_snapshot };
static const struct mmu_notifier_ops ts_ops5 = { .release = ts_release_snapshot_kept };
