#include "hi.h"

/* The context's mm is held with mmgrab() only (mm_count). */
void hi_init(struct hi_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	INIT_WORK(&c->work, hi_work_fn);
}
