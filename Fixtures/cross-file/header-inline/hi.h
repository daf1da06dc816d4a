/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HI_H_
#define _HI_H_

#include <linux/mmlint_stub.h>

/*
 * Header inlines that borrow an mm: a parse builds the header functions its
 * own code names, and the ones those name in turn. The borrow sits two
 * inlines away from the .c file's code, and one inline is reached only by
 * its address.
 */
struct hi_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	u32 *uptr;
	u32 val;
};

static inline void hi_touch(struct mm_struct *mm, u32 *uptr, u32 *val)
{
	kthread_use_mm(mm);
	get_user(*val, uptr);
	kthread_unuse_mm(mm);
}

static inline void hi_step(struct hi_ctx *c)
{
	hi_touch(c->mm, c->uptr, &c->val);
}

static inline void hi_work_fn(struct work_struct *work)
{
	struct hi_ctx *c = container_of(work, struct hi_ctx, work);

	hi_step(c); /* expect: use-mm-without-mmget */
}

/* Reached only from an ops table's initializer (hi_kick.c). */
static inline void hi_ops_step(struct hi_ctx *c)
{
	hi_step(c); /* expect: use-mm-without-mmget */
}

struct hi_ops {
	void (*step)(struct hi_ctx *c);
};

/*
 * Named by no code of the tree: not built, so not judged (a header function
 * is judged where a parsed file names it, directly or through other inlines).
 */
static inline void hi_unused(struct hi_ctx *c)
{
	hi_step(c); /* ok: use-mm-without-mmget */
}

void hi_init(struct hi_ctx *c);
void hi_kick(struct hi_ctx *c);
#endif
