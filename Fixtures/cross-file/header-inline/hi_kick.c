#include "hi.h"

/*
 * A kernel thread runs the step on the context's mmgrab-only mm: the borrow
 * two header inlines down needs mm_users.
 */
void hi_kick(struct hi_ctx *c)
{
	if (!(current->flags & PF_KTHREAD))
		return;
	hi_step(c); /* expect: use-mm-without-mmget */
}

const struct hi_ops hi_kick_ops = {
	.step = hi_ops_step,
};
