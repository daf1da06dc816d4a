#include <linux/mmlint_stub.h>
/*
 * The notifier ops in an array indexed by a designator (`[OA_RO] = { .invalidate = … }`), one
 * table per mode: the callbacks are notifier callbacks all the same.
 */

enum { OA_RO, OA_RW };

struct oa_ctx {
	struct mmu_interval_notifier mni;
};

static bool oa_invalidate(struct mmu_interval_notifier *mni,
			  const struct mmu_notifier_range *range, unsigned long cur_seq)
{
	if (!mmget_not_zero(mni->mm))
		return true;
	mmput(mni->mm); /* expect: mmput-in-atomic-or-notifier */
	return true;
}

static bool oa_invalidate_rw(struct mmu_interval_notifier *mni,
			     const struct mmu_notifier_range *range, unsigned long cur_seq)
{
	mmu_interval_set_seq(mni, cur_seq);
	return true;
}

static const struct mmu_interval_notifier_ops oa_ops[] = {
	[OA_RO] = { .invalidate = oa_invalidate },
	[OA_RW] = { .invalidate = oa_invalidate_rw },
};

const struct mmu_interval_notifier_ops *oa_get(int i)
{
	return &oa_ops[i];
}
