#include <linux/mmlint_stub.h>
/*
 * The pin's result stored in a local, then the local given another value before anything
 * tests it: whether mm_users was taken is lost (the later test tests something else, the
 * mmput() may underflow). Reported at the pin. Quiet: the new value reads the result (then a
 * busy return with the pin taken leaks it: mm-ref-imbalance), or the
 * result is tested first.
 */

struct ov_ctx {
	struct mm_struct *mm;
	bool busy;
};

int ov_walk(struct mm_struct *mm);

static int ov_get_mm(struct ov_ctx *c)
{
	if (!mmget_not_zero(c->mm))
		return -ESRCH;
	return 0;
}

int ov_run(struct ov_ctx *ctx)
{
	bool ok;
	int ret;

	ok = mmget_not_zero(ctx->mm); /* expect: unchecked-mmget-not-zero */
	ok = !READ_ONCE(ctx->busy);
	if (!ok)
		return -EBUSY;
	ret = ov_walk(ctx->mm);
	mmput(ctx->mm);
	return ret;
}

int ov_run_errno(struct ov_ctx *ctx)
{
	int ret;

	ret = ov_get_mm(ctx); /* expect: unchecked-mmget-not-zero */
	ret = ov_walk(ctx->mm);
	mmput(ctx->mm);
	return ret;
}

int ov_run_and(struct ov_ctx *ctx)
{
	bool ok;
	int ret;

	ok = mmget_not_zero(ctx->mm);
	ok = ok && !READ_ONCE(ctx->busy); /* ok: unchecked-mmget-not-zero */
	if (!ok)
		return -EBUSY; /* expect: mm-ref-imbalance */
	ret = ov_walk(ctx->mm);
	mmput(ctx->mm);
	return ret;
}

int ov_run_tested(struct ov_ctx *ctx)
{
	bool ok;
	int ret;

	ok = mmget_not_zero(ctx->mm); /* ok: unchecked-mmget-not-zero */
	if (!ok)
		return -ESRCH;
	ok = !READ_ONCE(ctx->busy);
	ret = ok ? ov_walk(ctx->mm) : -EBUSY;
	mmput(ctx->mm);
	return ret;
}
