#include <linux/mmlint_stub.h>
/*
 * ->release that frees its object through call_rcu() (the callback kfree()s the bond): ->release
 * can run twice (exit_mmap() and mmu_notifier_unregister() concurrently), and a second call
 * queues the same rcu_head again — a corrupted callback list and a double free. Quiet: the same
 * call in the driver's own unbind after mmu_notifier_unregister().
 */

struct rc_bond {
	struct mmu_notifier mn;
	struct rcu_head rcu;
	struct mm_struct *mm;
	bool dead;
};

static void rc_bond_free_rcu(struct rcu_head *head)
{
	struct rc_bond *b = container_of(head, struct rc_bond, rcu);

	kfree(b);
}

static void rc_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct rc_bond *b = container_of(mn, struct rc_bond, mn);

	WRITE_ONCE(b->dead, true);
	call_rcu(&b->rcu, rc_bond_free_rcu); /* expect: notifier-release-does-more */
}

static const struct mmu_notifier_ops rc_ops = {
	.release = rc_release,
};

int rc_bind(struct rc_bond *b)
{
	b->mm = current->mm;
	b->mn.ops = &rc_ops;
	return mmu_notifier_register(&b->mn, current->mm);
}

void rc_unbind(struct rc_bond *b)
{
	mmu_notifier_unregister(&b->mn, b->mm);
	call_rcu(&b->rcu, rc_bond_free_rcu); /* ok: notifier-release-does-more after unregister */
}
