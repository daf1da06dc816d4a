#include <linux/mmlint_stub.h>
/*
 * notifier-release-does-more: an mmu_notifier_ops written positionally — `{ pr_release, }`
 * fills its first member, ->release — and one whose later positional item follows a
 * designator (`{ .clear_young = pr_young, pr_test_young }`: the item after .clear_young is
 * .test_young, not ->release). Formerly missed: a positional item named no member.
 */

struct pr_ctx {
	struct mmu_notifier mn;
	void *shadow;
};

static void pr_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct pr_ctx *c = container_of(mn, struct pr_ctx, mn);

	kfree(c->shadow); /* expect: notifier-release-does-more */
}

static const struct mmu_notifier_ops pr_ops = {
	pr_release,
};

static int pr_young(struct mmu_notifier *mn, struct mm_struct *mm, unsigned long start, unsigned long end)
{
	return 0;
}

static int pr_test_young(struct mmu_notifier *mn, struct mm_struct *mm, unsigned long address)
{
	struct pr_ctx *c = container_of(mn, struct pr_ctx, mn);

	kfree(c->shadow); /* ok: notifier-release-does-more */
	return 0;
}

static const struct mmu_notifier_ops pr_young_ops = {
	.clear_young = pr_young,
	pr_test_young,
};
