#include <linux/mmlint_stub.h>
/*
 * ->release dropping the driver's own count, spelled without *_dec_and_test: the last-user
 * test written `atomic_dec_return(..) == 0`, and atomic_sub_and_test() / refcount_sub_and_test().
 * A second run (exit_mmap() and mmu_notifier_unregister()) drops it twice. Reading the count
 * is fine.
 */

struct cd_ctx {
	struct mmu_notifier mn;
	atomic_t users;
	refcount_t refs;
	int seen;
};

void cd_destroy(struct cd_ctx *ctx);

static void cd_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct cd_ctx *ctx = container_of(mn, struct cd_ctx, mn);

	if (atomic_dec_return(&ctx->users) == 0) /* expect: notifier-release-does-more */
		cd_destroy(ctx);
}

static void cd_release_sub(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct cd_ctx *ctx = container_of(mn, struct cd_ctx, mn);

	if (refcount_sub_and_test(2, &ctx->refs)) /* expect: notifier-release-does-more */
		cd_destroy(ctx);
}

static void cd_release_read(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct cd_ctx *ctx = container_of(mn, struct cd_ctx, mn);

	ctx->seen = atomic_read(&ctx->users); /* ok: notifier-release-does-more */
}

static const struct mmu_notifier_ops cd_ops = {
	.release = cd_release,
};

static const struct mmu_notifier_ops cd_ops_sub = {
	.release = cd_release_sub,
};

static const struct mmu_notifier_ops cd_ops_read = {
	.release = cd_release_read,
};

const struct mmu_notifier_ops *cd_get_ops(int k)
{
	return k == 0 ? &cd_ops : k == 1 ? &cd_ops_sub : &cd_ops_read;
}
