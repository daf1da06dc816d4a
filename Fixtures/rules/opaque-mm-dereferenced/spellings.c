#include <linux/mmlint_stub.h>
/*
 * A key-only mm dereferenced in other spellings: through a local copy of the field, through
 * READ_ONCE(), and by a helper the field is handed to. The local and the helper were missed
 * (only reads through the field's own path were seen). Quiet: a helper handed the key that
 * only compares it.
 */

struct om_ctx {
	struct mm_struct *mm;		/* key only */
	unsigned long base;
};

int om_open(struct om_ctx *ctx)
{
	ctx->mm = current->mm;
	return 0;
}

/* through a local */
unsigned long om_a(struct om_ctx *ctx)
{
	struct mm_struct *mm = ctx->mm;

	return mm->start_stack; /* expect: opaque-mm-dereferenced */
}

/* through READ_ONCE */
unsigned long om_b(struct om_ctx *ctx)
{
	return READ_ONCE(ctx->mm)->start_stack; /* expect: opaque-mm-dereferenced */
}

/* through a helper taking the mm */
static unsigned long om_stack_of(struct mm_struct *mm)
{
	return mm->start_stack;
}

unsigned long om_c(struct om_ctx *ctx)
{
	return om_stack_of(ctx->mm); /* expect: opaque-mm-dereferenced */
}

static bool om_is_mine(struct mm_struct *mm)
{
	return mm == current->mm;
}

bool om_d(struct om_ctx *ctx)
{
	return om_is_mine(ctx->mm); /* ok: opaque-mm-dereferenced */
}
