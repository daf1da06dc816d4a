#include <linux/mmlint_stub.h>
/*
 * A local whose stored test reads the local itself (`found = found || ...`), then tested:
 * the dataflow once followed the stored test into itself forever (a crash on 6.12 when a new
 * rule selected drivers/gpu/drm/ttm/ttm_bo.c: `force_space = !force_space` in a loop). Two
 * spellings; the borrow after them is still judged.
 */

struct st_ctx {
	struct mm_struct *mm;
	bool ready;
	bool busy;
};

void st_work(struct st_ctx *c)
{
	bool found = false;
	bool idle = true;
	int i;

	for (i = 0; i < 4; i++)
		found = found || c->ready;
	if (!found)
		return;
	do {
		idle = !idle;		/* ttm_bo_mem_space()'s force_space toggle */
	} while (c->busy && idle);
	if (idle)
		return;
	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
}

void st_bind(struct st_ctx *c)
{
	c->mm = current->mm;
	mmgrab(c->mm);
}
