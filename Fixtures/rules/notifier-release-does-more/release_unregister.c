#include <linux/mmlint_stub.h>
/*
 * notifier-release-does-more: a ->release that unregisters its own subscription
 * (`mmu_notifier_unregister(&rmn->mn, mm);` where radeon and amdgpu in 4.x
 * scheduled a work item to do it). exit_mmap() calls ->release inside
 * srcu_read_lock(&srcu); mmu_notifier_unregister() ends in synchronize_srcu(&srcu),
 * waiting for the read section it runs in, and drops the registration's mm_count.
 * Quiet where ->release only queues the teardown.
 */

struct ru_mn {
	struct mmu_notifier mn;
	struct work_struct work;
	struct mm_struct *mm;
};

static void ru_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ru_mn *rmn = container_of(mn, struct ru_mn, mn);

	mmu_notifier_unregister(&rmn->mn, mm); /* expect: notifier-release-does-more */
}

static const struct mmu_notifier_ops ru_ops = {
	.release = ru_release,
};

static void ru_destroy(struct work_struct *work)
{
	struct ru_mn *rmn = container_of(work, struct ru_mn, work);

	mmu_notifier_unregister(&rmn->mn, rmn->mm);
	kfree(rmn);
}

static void ru_release_deferred(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ru_mn *rmn = container_of(mn, struct ru_mn, mn);

	INIT_WORK(&rmn->work, ru_destroy);
	schedule_work(&rmn->work); /* ok: notifier-release-does-more the teardown runs after the release returns */
}

static const struct mmu_notifier_ops ru_ops_deferred = {
	.release = ru_release_deferred,
};

int ru_register(struct ru_mn *rmn, struct mm_struct *mm, bool deferred)
{
	rmn->mn.ops = deferred ? &ru_ops_deferred : &ru_ops;
	rmn->mm = mm;
	return mmu_notifier_register(&rmn->mn, mm);
}
