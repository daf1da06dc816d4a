#include <linux/mmlint_stub.h>
/*
 * mmput() in a kref release: kref_put() calls the release when it drops the last reference,
 * so a put made under a spinlock, or inside an mmu notifier callback, may run mmput() there —
 * the teardown under the lock or inside the notifier machinery. Reported (warning: only when
 * the count drops to zero), with the release direct and one helper below. Quiet: the put after
 * the unlock, and a release that hands the mm to mmput_async().
 */

struct kb_bind {
	struct kref ref;
	struct mm_struct *mm;
	struct list_head node;
	struct mmu_interval_notifier mni;
};

struct kb_dev {
	spinlock_t lock;
};

static void kb_release(struct kref *ref)
{
	struct kb_bind *b = container_of(ref, struct kb_bind, ref);

	mmput(b->mm);
	kfree(b);
}

static void kb_free(struct kb_bind *b)
{
	mmput(b->mm);
	kfree(b);
}

static void kb_release_helper(struct kref *ref)
{
	kb_free(container_of(ref, struct kb_bind, ref));
}

static void kb_release_async(struct kref *ref)
{
	struct kb_bind *b = container_of(ref, struct kb_bind, ref);

	mmput_async(b->mm);
	kfree(b);
}

void kb_unbind(struct kb_dev *d, struct kb_bind *b)
{
	spin_lock(&d->lock);
	list_del(&b->node);
	kref_put(&b->ref, kb_release); /* expect: mmput-in-atomic-or-notifier */
	spin_unlock(&d->lock);
}

void kb_unbind_helper(struct kb_dev *d, struct kb_bind *b)
{
	spin_lock(&d->lock);
	list_del(&b->node);
	kref_put(&b->ref, kb_release_helper); /* expect: mmput-in-atomic-or-notifier */
	spin_unlock(&d->lock);
}

void kb_unbind_unlocked(struct kb_dev *d, struct kb_bind *b)
{
	spin_lock(&d->lock);
	list_del(&b->node);
	spin_unlock(&d->lock);
	kref_put(&b->ref, kb_release); /* ok: mmput-in-atomic-or-notifier */
}

void kb_unbind_async(struct kb_dev *d, struct kb_bind *b)
{
	spin_lock(&d->lock);
	list_del(&b->node);
	kref_put(&b->ref, kb_release_async); /* ok: mmput-in-atomic-or-notifier */
	spin_unlock(&d->lock);
}

static bool kb_invalidate(struct mmu_interval_notifier *mni, const struct mmu_notifier_range *range,
			  unsigned long cur_seq)
{
	struct kb_bind *b = container_of(mni, struct kb_bind, mni);

	mmu_interval_set_seq(mni, cur_seq);
	kref_put(&b->ref, kb_release); /* expect: mmput-in-atomic-or-notifier */
	return true;
}

static const struct mmu_interval_notifier_ops kb_mni_ops = { .invalidate = kb_invalidate };
