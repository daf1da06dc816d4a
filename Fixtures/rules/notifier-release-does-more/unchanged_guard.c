#include <linux/mmlint_stub.h>
/*
 * notifier-release-does-more: a test made under the lock guards a second run of ->release only
 * if the first run changes what it reads. amdgpu's destroy work pasted into ->release:
 * `down_write(&amn->lock); if (!amn->only_node) goto out; hash_del(&amn->node);
 * kfree(amn->only_node); out: up_write(&amn->lock);` — nothing clears only_node, so the second
 * run passes the test again and frees it twice. Quiet where the run clears the member, where a
 * helper is given the object (it may), and where a flag the test reads is set.
 */

struct ug_node {
	int n;
};

struct ug_mn {
	struct mmu_notifier mn;
	struct rw_semaphore lock;
	struct ug_node *only_node;
	bool dead;
};

void ug_detach(struct ug_mn *amn);

static void ug_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ug_mn *amn = container_of(mn, struct ug_mn, mn);

	down_write(&amn->lock);
	if (!amn->only_node)
		goto out;
	kfree(amn->only_node); /* expect: notifier-release-does-more the test still passes on a second run */
out:
	up_write(&amn->lock);
}

static void ug_release_cleared(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ug_mn *amn = container_of(mn, struct ug_mn, mn);

	down_write(&amn->lock);
	if (!amn->only_node)
		goto out;
	kfree(amn->only_node); /* ok: notifier-release-does-more cleared below */
	amn->only_node = NULL;
out:
	up_write(&amn->lock);
}

static void ug_release_helper(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ug_mn *amn = container_of(mn, struct ug_mn, mn);

	down_write(&amn->lock);
	if (amn->only_node) {
		kfree(amn->only_node); /* ok: notifier-release-does-more the helper may clear it */
		ug_detach(amn);
	}
	up_write(&amn->lock);
}

static void ug_release_flag(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct ug_mn *amn = container_of(mn, struct ug_mn, mn);

	down_write(&amn->lock);
	if (!amn->dead) {
		amn->dead = true;
		kfree(amn->only_node); /* ok: notifier-release-does-more */
	}
	up_write(&amn->lock);
}

static const struct mmu_notifier_ops ug_ops[] = {
	{ .release = ug_release },
	{ .release = ug_release_cleared },
	{ .release = ug_release_helper },
	{ .release = ug_release_flag },
};
