#include <linux/mmlint_stub.h>
/*
 * The free two calls below ->release (release → teardown → the free helper): the same
 * double free when exit_mmap() and mmu_notifier_unregister() both run it. Reported at the
 * forbidden call. Also when the middle function calls the helper under a lock with no test
 * under it (the second run waits for the lock, then unlinks again); not when a test made
 * under the lock guards the call.
 */

struct td_ctx {
	struct mmu_notifier mn;
	struct mm_struct *mm;
	void *table;
	struct list_head node;
	spinlock_t lock;
};

void td_unmap_all(struct td_ctx *c);

static void td_free_table(struct td_ctx *c)
{
	kfree(c->table); /* expect: notifier-release-does-more */
}

static void td_unlink(struct td_ctx *c)
{
	list_del(&c->node); /* expect: notifier-release-does-more */
}

static void td_unlink_guarded(struct td_ctx *c)
{
	list_del(&c->node); /* ok: notifier-release-does-more */
}

static void td_teardown(struct td_ctx *c)
{
	td_unmap_all(c);
	td_free_table(c);
	spin_lock(&c->lock);
	td_unlink(c);
	spin_unlock(&c->lock);
}

static void td_teardown_guarded(struct td_ctx *c)
{
	spin_lock(&c->lock);
	if (c->table)
		td_unlink_guarded(c);
	c->table = NULL;
	spin_unlock(&c->lock);
}

static void td_guarded_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	td_teardown_guarded(container_of(mn, struct td_ctx, mn));
}

static const struct mmu_notifier_ops td_guarded_ops = {
	.release = td_guarded_release,
};

static void td_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	td_teardown(container_of(mn, struct td_ctx, mn));
}

static const struct mmu_notifier_ops td_ops = {
	.release = td_release,
};

void td_destroy(struct td_ctx *c)
{
	mmu_notifier_unregister(&c->mn, c->mm);
}
