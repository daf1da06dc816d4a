#include <linux/mmlint_stub.h>
/*
 * A key-only mm's member read as an operand of a mask (`mm->start_stack & PAGE_MASK`,
 * `ctx->mm->flags & 7`, a test of one bit) reads the mm_struct as a plain read does: after
 * its owner's exit it is freed memory. Quiet: the key compared with current->mm first.
 */

struct mk_ctx {
	struct mm_struct *mm;		/* key only */
	unsigned long base;
};

int mk_open(struct mk_ctx *ctx)
{
	ctx->mm = current->mm;
	return 0;
}

static unsigned long mk_stack_page(struct mm_struct *mm)
{
	return mm->start_stack & PAGE_MASK;
}

unsigned long mk_base(struct mk_ctx *ctx)
{
	return mk_stack_page(ctx->mm); /* expect: opaque-mm-dereferenced through a helper */
}

unsigned long mk_flags(struct mk_ctx *ctx)
{
	ctx->base = ctx->mm->flags & 7; /* expect: opaque-mm-dereferenced */
	return ctx->base;
}

bool mk_has_bit(struct mk_ctx *ctx)
{
	if (ctx->mm->flags & 4) /* expect: opaque-mm-dereferenced */
		return true;
	return false;
}

unsigned long mk_own(struct mk_ctx *ctx)
{
	if (ctx->mm != current->mm)
		return 0;
	return ctx->mm->start_stack & PAGE_MASK; /* ok: opaque-mm-dereferenced the caller owns it */
}
