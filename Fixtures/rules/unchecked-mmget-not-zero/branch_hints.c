#include <linux/mmlint_stub.h>
/*
 * unchecked-mmget-not-zero through branch-prediction hints: the hint's value
 * is its first argument (vocabulary branch_hints), however it is spelled —
 * __builtin_expect, __builtin_expect_with_probability, or unlikely() where a
 * tree has it as a function rather than the stub's macro.
 */

#undef unlikely
static inline long unlikely(long x) { return x; }

struct bh_ctx {
	struct mm_struct *mm;
	u32 __user *uptr;
};

int bh_expect(struct bh_ctx *ctx)
{
	if (__builtin_expect(!mmget_not_zero(ctx->mm), 0))
		return -ESRCH;
	put_user(1, ctx->uptr);
	mmput(ctx->mm); /* ok: unchecked-mmget-not-zero */
	return 0;
}

int bh_probability(struct bh_ctx *ctx)
{
	if (__builtin_expect_with_probability(!mmget_not_zero(ctx->mm), 0, 0.9))
		return -ESRCH;
	mmput(ctx->mm); /* ok: unchecked-mmget-not-zero */
	return 0;
}

int bh_function(struct bh_ctx *ctx)
{
	if (unlikely(!mmget_not_zero(ctx->mm)))
		return -ESRCH;
	mmput(ctx->mm); /* ok: unchecked-mmget-not-zero */
	return 0;
}

void bh_wrong_side(struct bh_ctx *ctx)
{
	if (__builtin_expect_with_probability(!mmget_not_zero(ctx->mm), 0, 0.9)) {
		mmput(ctx->mm); /* expect: unchecked-mmget-not-zero */
		return;
	}
	mmput(ctx->mm); /* ok: unchecked-mmget-not-zero */
}

void bh_wrong_side_function(struct bh_ctx *ctx)
{
	if (unlikely(!mmget_not_zero(ctx->mm))) {
		mmput(ctx->mm); /* expect: unchecked-mmget-not-zero */
		return;
	}
	mmput(ctx->mm); /* ok: unchecked-mmget-not-zero */
}
