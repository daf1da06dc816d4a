#include <linux/mmlint_stub.h>
/*
 * notifier-release-does-more: a driver that only ever drops its subscription
 * with mmu_notifier_put(). ->release then runs once (from exit_mmap) or not
 * at all: the free is still wrong (a put after the exit frees nothing, a
 * put before it never runs ->release), but it cannot run twice, so replay
 * stays inconclusive.
 */

struct np_ctx {
	struct mmu_notifier mn;
	void *table;
};

static void np_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct np_ctx *ctx = container_of(mn, struct np_ctx, mn);

	kfree(ctx->table); /* expect: notifier-release-does-more replay=inconclusive */
}

static const struct mmu_notifier_ops np_ops = {
	.release = np_release,
};

void np_destroy(struct np_ctx *ctx)
{
	mmu_notifier_put(&ctx->mn);
}
