#include <linux/mmlint_stub.h>
/*
 * An interval notifier embedded in one struct, its mm kept in another (6.14+ drm_gpusvm:
 * the notifier in struct drm_gpusvm_notifier, the mm in struct drm_gpusvm, inserted with
 * `mmu_interval_notifier_insert(&notifier->notifier, mm, …)` where `mm = gpusvm->mm`).
 * Every insert binds that notifier to a struct gs_svm.mm: a function that pins its gs_svm's
 * mm pins the notifier's, through a local or the member itself, and a helper it calls with
 * the pin held is covered too. Without the pin, or with the pin of another struct's mm, the
 * fault is reported.
 */

struct gs_svm {
	struct mm_struct *mm;	/* mmgrab() at init */
	void *owner;
};

struct gs_notifier {
	struct mmu_interval_notifier notifier;
	unsigned long start, end;
};

struct gs_range {
	struct gs_notifier *notifier;
	unsigned long start, end;
	unsigned long seq;
};

struct gs_other {
	struct mm_struct *mm;
};

extern const struct mmu_interval_notifier_ops gs_notifier_ops;

int gs_init(struct gs_svm *svm, struct mm_struct *mm)
{
	svm->mm = mm;
	mmgrab(mm);
	return 0;
}

int gs_notifier_insert(struct gs_svm *svm, struct gs_notifier *n)
{
	struct mm_struct *mm = svm->mm;
	int err;

	if (!mmget_not_zero(mm))
		return -EFAULT;
	err = mmu_interval_notifier_insert(&n->notifier, mm, n->start, n->end - n->start, &gs_notifier_ops);
	mmput(mm);
	return err;
}

/* Pinned through a local that reads the member, the range built by a designated initializer. */
int gs_get_pages(struct gs_svm *svm, struct gs_range *range, unsigned long *pfns)
{
	struct mm_struct *mm = svm->mm;
	struct mmu_interval_notifier *notifier = &range->notifier->notifier;
	struct hmm_range hmm_range = {
		.default_flags = HMM_PFN_REQ_FAULT,
		.notifier = notifier,
		.start = range->start,
		.end = range->end,
		.hmm_pfns = pfns,
	};
	int err;

	if (!mmget_not_zero(mm))
		return -EFAULT;
	hmm_range.notifier_seq = mmu_interval_read_begin(notifier);
	mmap_read_lock(mm);
	err = hmm_range_fault(&hmm_range); /* ok: mmgrab-only-access (svm->mm pinned) */
	mmap_read_unlock(mm);
	mmput(mm);
	return err;
}

/* A helper called with the pin held: the requirement goes to its caller, which pins. */
static int gs_fault_one(struct gs_notifier *n, unsigned long addr, unsigned long *pfns)
{
	struct hmm_range r = {
		.notifier = &n->notifier,
		.start = addr,
		.end = addr + PAGE_SIZE,
		.hmm_pfns = pfns,
	};

	r.notifier_seq = mmu_interval_read_begin(&n->notifier);
	return hmm_range_fault(&r); /* ok: mmgrab-only-access (every caller pins) */
}

int gs_fault(struct gs_svm *svm, struct gs_range *range, unsigned long addr, unsigned long *pfns)
{
	int err;

	if (!mmget_not_zero(svm->mm))
		return -EFAULT;
	mmap_read_lock(svm->mm);
	err = gs_fault_one(range->notifier, addr, pfns);
	mmap_read_unlock(svm->mm);
	mmput(svm->mm);
	return err;
}

/* No pin: the notifier's mm is held by mm_count only. */
int gs_refresh(struct gs_svm *svm, struct gs_range *range, unsigned long *pfns)
{
	struct hmm_range hmm_range = {
		.notifier = &range->notifier->notifier,
		.start = range->start,
		.end = range->end,
		.hmm_pfns = pfns,
	};

	hmm_range.notifier_seq = mmu_interval_read_begin(&range->notifier->notifier);
	return hmm_range_fault(&hmm_range); /* expect: mmgrab-only-access */
}

/* The pin of another struct's mm says nothing about the notifier's. */
int gs_refresh_other(struct gs_other *o, struct gs_range *range, unsigned long *pfns)
{
	struct hmm_range hmm_range = {
		.notifier = &range->notifier->notifier,
		.start = range->start,
		.end = range->end,
		.hmm_pfns = pfns,
	};
	int err;

	if (!mmget_not_zero(o->mm))
		return -EFAULT;
	hmm_range.notifier_seq = mmu_interval_read_begin(&range->notifier->notifier);
	err = hmm_range_fault(&hmm_range); /* expect: mmgrab-only-access */
	mmput(o->mm);
	return err;
}
