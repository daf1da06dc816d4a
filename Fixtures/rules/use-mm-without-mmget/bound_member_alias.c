#include <linux/mmlint_stub.h>
/*
 * One mm under two names of one object (intel svm's `svm->mm` beside `svm->notifier.mm`): the
 * bind stores current->mm into the member and registers the notifier with the same value, so
 * a pin taken through either name covers a borrow through the other. Where the member is given
 * another value than the notifier's, a pin through the notifier's name covers nothing of it.
 */

struct ba_svm {
	struct mmu_notifier notifier;
	struct mm_struct *mm;		/* mmgrab() at bind */
	u32 __user *resp;
	u32 code;
	struct work_struct work;
};

int ba_bind(struct ba_svm *s)
{
	int ret;

	mmgrab(current->mm);
	s->mm = current->mm;
	ret = mmu_notifier_register(&s->notifier, current->mm);
	if (ret)
		mmdrop(s->mm);
	return ret;
}

static void ba_work(struct work_struct *w)
{
	struct ba_svm *s = container_of(w, struct ba_svm, work);

	if (!mmget_not_zero(s->notifier.mm))
		return;
	kthread_use_mm(s->mm); /* ok: use-mm-without-mmget pinned through the notifier name of the same mm */
	put_user(s->code, s->resp);
	kthread_unuse_mm(s->mm);
	mmput(s->notifier.mm);
}

static void ba_work_other_way(struct work_struct *w)
{
	struct ba_svm *s = container_of(w, struct ba_svm, work);

	if (!mmget_not_zero(s->mm))
		return;
	kthread_use_mm(s->notifier.mm); /* ok: use-mm-without-mmget pinned through the member of the same mm */
	put_user(s->code, s->resp);
	kthread_unuse_mm(s->notifier.mm);
	mmput(s->mm);
}

/* The member holds another task's mm than the one the notifier watches. */
struct bo_svm {
	struct mmu_notifier notifier;
	struct mm_struct *mm;		/* mmgrab() at bind */
	u32 __user *resp;
	u32 code;
	struct work_struct work;
};

int bo_bind(struct bo_svm *s, struct mm_struct *peer)
{
	mmgrab(peer);
	s->mm = peer;
	return mmu_notifier_register(&s->notifier, current->mm);
}

static void bo_work(struct work_struct *w)
{
	struct bo_svm *s = container_of(w, struct bo_svm, work);

	if (!mmget_not_zero(s->notifier.mm))
		return;
	kthread_use_mm(s->mm); /* expect: use-mm-without-mmget the pin is on another mm */
	put_user(s->code, s->resp);
	kthread_unuse_mm(s->mm);
	mmput(s->notifier.mm);
}

void ba_start(struct ba_svm *a, struct bo_svm *b)
{
	INIT_WORK(&a->work, ba_work);
	INIT_WORK(&b->work, bo_work);
	schedule_work(&a->work);
	schedule_work(&b->work);
}
