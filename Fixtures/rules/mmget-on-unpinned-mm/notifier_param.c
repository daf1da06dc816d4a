#include <linux/mmlint_stub.h>
/*
 * An mmu notifier's ->release is handed the mm as a parameter, from exit_mmap() with mm_users
 * already zero (mmu_notifier_release()), so mmget(mm) there resurrects a dead address space;
 * the age callbacks get theirs from reclaim's rmap walk, which holds no mm_users. A callback
 * nothing calls directly had no origin for its parameter (the requirement travelled to callers
 * there are none of): the vocabulary's callback_params now gives it the protocol's. Was a todo.
 * notifier_range.c has the range's spelling.
 */

struct np_ctx {
	struct mmu_notifier mn;
	struct work_struct work;
	struct mm_struct *mm;
};

static void np_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct np_ctx *c = container_of(mn, struct np_ctx, mn);

	mmget(mm); /* expect: mmget-on-unpinned-mm */
	c->mm = mm;
	schedule_work(&c->work);
}

static const struct mmu_notifier_ops np_ops = {
	.release = np_release,
};

/* the age callback's spelling, and the fixed form */
static int np_clear_young(struct mmu_notifier *mn, struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct np_ctx *c = container_of(mn, struct np_ctx, mn);

	mmget(mm); /* expect: mmget-on-unpinned-mm */
	c->mm = mm;
	schedule_work(&c->work);
	return 0;
}

static int np_test_young(struct mmu_notifier *mn, struct mm_struct *mm, unsigned long address)
{
	struct np_ctx *c = container_of(mn, struct np_ctx, mn);

	if (!mmget_not_zero(mm)) /* ok: mmget-on-unpinned-mm */
		return 0;
	c->mm = mm;
	schedule_work(&c->work);
	return 0;
}

static const struct mmu_notifier_ops np_age_ops = {
	.clear_young = np_clear_young,
	.test_young = np_test_young,
};
