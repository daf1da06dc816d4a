#include <linux/mmlint_stub.h>
/*
 * ->release dropping a reference in other spellings: kref_put() of the container, and a
 * refcount_dec_and_test() that frees on the last drop. Both run twice when exit_mmap() and
 * mmu_notifier_unregister() race: the second drop underflows. Missed before (only frees, list
 * unlinks and mm references were forbidden); the kfree under the test was reported.
 */

struct nq_ctx {
	struct mmu_notifier mn;
	struct kref ref;
	refcount_t users;
	struct mm_struct *mm;
};

void nq_free(struct kref *ref);
void nq_unmap_all(struct nq_ctx *ctx);

static void nq_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct nq_ctx *ctx = container_of(mn, struct nq_ctx, mn);

	nq_unmap_all(ctx);
	kref_put(&ctx->ref, nq_free); /* expect: notifier-release-does-more */
}

static const struct mmu_notifier_ops nq_ops = {
	.release = nq_release,
};

static void nq_release2(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct nq_ctx *ctx = container_of(mn, struct nq_ctx, mn);

	nq_unmap_all(ctx);
	if (refcount_dec_and_test(&ctx->users)) /* expect: notifier-release-does-more */
		kfree(ctx); /* expect: notifier-release-does-more */
}

static const struct mmu_notifier_ops nq_ops2 = {
	.release = nq_release2,
};

void nq_destroy(struct nq_ctx *ctx)
{
	mmu_notifier_unregister(&ctx->mn, ctx->mm);
}
