#include <linux/mmlint_stub.h>
/*
 * Known miss (UNCERTAIN in the rule): an mmu notifier's ->release is handed the mm as a
 * parameter, from exit_mmap() with mm_users already zero (mmu_notifier_release()), so mmget(mm)
 * there resurrects a dead address space. The parameter of a callback nothing calls directly
 * has no origin of its own yet: the requirement travels to callers there are none of, and the
 * site stays silent. notifier_range.c has the range's spelling, which is reported.
 */

struct np_ctx {
	struct mmu_notifier mn;
	struct work_struct work;
	struct mm_struct *mm;
};

static void np_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct np_ctx *c = container_of(mn, struct np_ctx, mn);

	mmget(mm); /* todo: mmget-on-unpinned-mm */
	c->mm = mm;
	schedule_work(&c->work);
}

static const struct mmu_notifier_ops np_ops = {
	.release = np_release,
};
