#include <linux/mmlint_stub.h>
/*
 * A key-only mm's members read inside arithmetic, a comparison with a variable, a logical not
 * or a compound assignment: the frontend keeps no value for `a - b`, `a > x`, `+=` (an
 * expression that is no path, constant, test of a path or call), so the reads inside are not
 * seen. The same read as a plain assignment, a mask or a call argument is reported
 * (spellings.c). Known misses.
 */

struct ar_ctx {
	struct mm_struct *mm;		/* key only */
	unsigned long text;
};

int ar_open(struct ar_ctx *c)
{
	c->mm = current->mm;
	return 0;
}

unsigned long ar_text_size(struct ar_ctx *c)
{
	return c->mm->end_code - c->mm->start_code; /* todo: opaque-mm-dereferenced read inside a subtraction */
}

bool ar_over(struct ar_ctx *c, unsigned long limit)
{
	if (c->mm->brk > limit) /* todo: opaque-mm-dereferenced read inside a comparison */
		return true;
	return false;
}

void ar_accumulate(struct ar_ctx *c)
{
	c->text += c->mm->end_code; /* todo: opaque-mm-dereferenced read inside a compound assignment */
}
