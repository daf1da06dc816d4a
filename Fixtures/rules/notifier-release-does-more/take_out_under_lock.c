#include <linux/mmlint_stub.h>
/*
 * ->release that takes a buffer out of the object under a lock (reads it into a local and
 * empties the member in one locked section) and frees the local after the unlock: a second
 * run finds NULL and frees nothing. Not a finding. Without the lock two concurrent runs can
 * both read the pointer before either empties it; without emptying the member the second run
 * frees it again.
 */

struct tl_ctx {
	struct mmu_notifier mn;
	spinlock_t lock;
	void *table;
};

static void tl_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct tl_ctx *c = container_of(mn, struct tl_ctx, mn);
	void *t;

	spin_lock(&c->lock);
	t = c->table;
	c->table = NULL;
	spin_unlock(&c->lock);
	kfree(t); /* ok: notifier-release-does-more */
}

static void tl_release_unlocked(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct tl_ctx *c = container_of(mn, struct tl_ctx, mn);
	void *t;

	t = c->table;
	c->table = NULL;
	kfree(t); /* expect: notifier-release-does-more */
}

static void tl_release_kept(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct tl_ctx *c = container_of(mn, struct tl_ctx, mn);
	void *t;

	spin_lock(&c->lock);
	t = c->table;
	spin_unlock(&c->lock);
	kfree(t); /* expect: notifier-release-does-more */
}

static const struct mmu_notifier_ops tl_ops = { .release = tl_release };
static const struct mmu_notifier_ops tl_ops_unlocked = { .release = tl_release_unlocked };
static const struct mmu_notifier_ops tl_ops_kept = { .release = tl_release_kept };

const struct mmu_notifier_ops *tl_get_ops(int k)
{
	return k == 0 ? &tl_ops : k == 1 ? &tl_ops_unlocked : &tl_ops_kept;
}
