#include <linux/mmlint_stub.h>
/*
 * An mmu notifier's invalidate callback handed the invalidated mm through its range: exit_mmap()
 * invalidates with mm_users already zero, so mmget(range->mm) there resurrects a dead address
 * space (the amdkfd fix fa582c6f3684 in the range's spelling). mmget_not_zero() is the
 * callback's only way to a users reference. Missed before struct mmu_notifier_range.mm was a
 * core field (its origin was unknown).
 */
struct mg_ctx {
	struct mmu_notifier mn;
	struct work_struct work;
	struct mm_struct *mm;
};

static int mg_invalidate(struct mmu_notifier *mn, const struct mmu_notifier_range *range)
{
	struct mg_ctx *c = container_of(mn, struct mg_ctx, mn);

	mmget(range->mm); /* expect: mmget-on-unpinned-mm */
	c->mm = range->mm;
	schedule_work(&c->work);
	return 0;
}

static int mg_invalidate_ok(struct mmu_notifier *mn, const struct mmu_notifier_range *range)
{
	struct mg_ctx *c = container_of(mn, struct mg_ctx, mn);

	if (!mmget_not_zero(range->mm))
		return 0;
	c->mm = range->mm;
	schedule_work(&c->work);
	return 0;
}

static const struct mmu_notifier_ops mg_ops = {
	.invalidate_range_start = mg_invalidate,
};
static const struct mmu_notifier_ops mg_ops_ok = {
	.invalidate_range_start = mg_invalidate_ok,
};
