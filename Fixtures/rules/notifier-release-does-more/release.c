#include <linux/mmlint_stub.h>
/*
 * notifier-release-does-more: ->release may run twice (exit_mmap() and
 * mmu_notifier_unregister() concurrently) and not at all after
 * mmu_notifier_put(). It must only stop access to the mm.
 *   - reported: unlinking with list_del(), freeing the container, an mmput
 *     (also in a helper the callback calls)
 *   - quiet: invalidation only; list_del_init(); a removal under the lock a
 *     second run also takes (SGX's lookup-then-remove under mm_lock);
 *     freeing in ->free_notifier
 */

struct nr_ctx {
	struct mmu_notifier mn;
	struct list_head node;
	spinlock_t lock;
	struct mm_struct *mm;
	bool stopped;
};

void nr_unmap_all(struct nr_ctx *ctx);

static void nr_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct nr_ctx *ctx = container_of(mn, struct nr_ctx, mn);

	nr_unmap_all(ctx);
	list_del(&ctx->node); /* expect: notifier-release-does-more replay=confirmed */
	kfree(ctx); /* expect: notifier-release-does-more replay=confirmed */
}

static const struct mmu_notifier_ops nr_ops = {
	.release = nr_release,
};

/* The driver's own teardown: a second caller of ->release. */
void nr_ctx_destroy(struct nr_ctx *ctx)
{
	mmu_notifier_unregister(&ctx->mn, ctx->mm);
}

static void nr_drop_owner(struct nr_ctx *ctx)
{
	mmput(ctx->mm); /* expect: notifier-release-does-more, mmput-in-atomic-or-notifier */
}

static void nr_release_helper(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct nr_ctx *ctx = container_of(mn, struct nr_ctx, mn);

	nr_unmap_all(ctx);
	nr_drop_owner(ctx);
}

static const struct mmu_notifier_ops nr_helper_ops = {
	.release = nr_release_helper,
};

/* The fixed form: stop access only, free after mmu_notifier_put(). */
static void nr_release_fixed(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct nr_ctx *ctx = container_of(mn, struct nr_ctx, mn);

	nr_unmap_all(ctx);
	ctx->stopped = true;
	list_del_init(&ctx->node); /* ok: notifier-release-does-more */
}

static void nr_free_notifier(struct mmu_notifier *mn)
{
	kfree(container_of(mn, struct nr_ctx, mn)); /* ok: notifier-release-does-more */
}

static const struct mmu_notifier_ops nr_fixed_ops = {
	.release = nr_release_fixed,
	.free_notifier = nr_free_notifier,
};

/* SGX's shape: removal under the lock a second run takes too. */
static void nr_release_locked(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct nr_ctx *ctx = container_of(mn, struct nr_ctx, mn);

	spin_lock(&ctx->lock);
	if (!ctx->stopped) {
		ctx->stopped = true;
		list_del(&ctx->node); /* ok: notifier-release-does-more */
	}
	spin_unlock(&ctx->lock);
}

static const struct mmu_notifier_ops nr_locked_ops = {
	.release = nr_release_locked,
};

/* AMD IOMMU SVA's shape (drivers/iommu/amd/pasid.c): the callback takes the
 * lock around a helper that unlinks and frees each entry of the list; a
 * second run walks the emptied list under the same lock. */
struct nr_dom {
	struct mmu_notifier mn;
	spinlock_t lock;
	struct nr_ctx *entry;
};

static void nr_remove_entry(struct nr_ctx *ctx)
{
	list_del(&ctx->node); /* ok: notifier-release-does-more */
	kfree(ctx); /* ok: notifier-release-does-more */
}

static void nr_dom_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct nr_dom *dom = container_of(mn, struct nr_dom, mn);
	unsigned long flags;

	spin_lock_irqsave(&dom->lock, flags);
	if (dom->entry)
		nr_remove_entry(dom->entry);
	dom->entry = NULL;
	spin_unlock_irqrestore(&dom->lock, flags);
}

static const struct mmu_notifier_ops nr_dom_ops = {
	.release = nr_dom_release,
};
