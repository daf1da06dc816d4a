#include <linux/mmlint_stub.h>
/*
 * A lock makes a second ->release wait, not skip: what the first run unlinked or freed under
 * the lock is unlinked or freed again unless a test made under the same lock sees that it is
 * gone (a flag, a pointer cleared, the list walked again). Reported: list_del() and kfree()
 * under a lock alone, and a helper that unlinks called under a lock alone. Quiet: behind a
 * test under the lock, a loop over the list's entries under the lock.
 */

struct lu_ctx {
	struct mmu_notifier mn;
	spinlock_t lock;
	struct mutex mutex;
	struct list_head node;
	struct list_head items;
	void *buf;
	bool linked;
};

struct lu_item {
	struct list_head link;
};

static void lu_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct lu_ctx *c = container_of(mn, struct lu_ctx, mn);

	spin_lock(&c->lock);
	list_del(&c->node); /* expect: notifier-release-does-more */
	spin_unlock(&c->lock);
	mutex_lock(&c->mutex);
	kfree(c->buf); /* expect: notifier-release-does-more */
	mutex_unlock(&c->mutex);
}

static const struct mmu_notifier_ops lu_ops = { .release = lu_release };

static void lu_unlink(struct lu_ctx *c)
{
	list_del(&c->node); /* expect: notifier-release-does-more */
}

static void lu_helper_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct lu_ctx *c = container_of(mn, struct lu_ctx, mn);

	spin_lock(&c->lock);
	lu_unlink(c);
	spin_unlock(&c->lock);
}

static const struct mmu_notifier_ops lu_helper_ops = { .release = lu_helper_release };

static void lu_guarded_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct lu_ctx *c = container_of(mn, struct lu_ctx, mn);
	struct lu_item *it;

	spin_lock(&c->lock);
	if (c->linked) {
		list_del(&c->node); /* ok: notifier-release-does-more */
		c->linked = false;
	}
	list_for_each_entry(it, &c->items, link)
		list_del(&it->link); /* ok: notifier-release-does-more */
	spin_unlock(&c->lock);
}

static const struct mmu_notifier_ops lu_guarded_ops = { .release = lu_guarded_release };

static void lu_destroy(struct lu_ctx *c)
{
	if (!c->buf)
		return;
	kfree(c->buf); /* ok: notifier-release-does-more */
	c->buf = NULL;
}

static void lu_helper_tests_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct lu_ctx *c = container_of(mn, struct lu_ctx, mn);

	mutex_lock(&c->mutex);
	lu_destroy(c);
	mutex_unlock(&c->mutex);
}

static const struct mmu_notifier_ops lu_helper_tests_ops = { .release = lu_helper_tests_release };
