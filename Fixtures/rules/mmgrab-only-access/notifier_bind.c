#include <linux/mmlint_stub.h>
/*
 * mmgrab-only-access: which mm does a notifier name?
 *
 * mmu_interval_notifier_insert(&n, mm, ...) binds n.mm to mm, so the pin a
 * driver takes on "its" mm under another name covers hmm_range_fault() on
 * the notifier:
 *   - ib_umem_odp shape: the notifier is inserted with the owner's
 *     owning_mm; the fault path pins owning_mm and faults through the
 *     notifier (same object, learned from the bind site);
 *   - amdgpu shape: a helper faults through its notifier parameter; callers
 *     pin the notifier's mm first (ok) or do not (expect at the caller);
 *   - nouveau shape: the helper inserts a notifier on the mm read from its
 *     parameter, the caller pinned that mm under a local name.
 */

struct ox_umem {
	struct mm_struct *owning_mm;
	unsigned long start;
};

struct ox_umem_odp {
	struct ox_umem umem;
	struct mmu_interval_notifier notifier;
	unsigned long *pfn_list;
	struct work_struct prefetch_work;
};

static bool ox_invalidate(struct mmu_interval_notifier *mni,
			  const struct mmu_notifier_range *range,
			  unsigned long cur_seq)
{
	mmu_interval_set_seq(mni, cur_seq);
	return true;
}

static const struct mmu_interval_notifier_ops ox_ops = {
	.invalidate	= ox_invalidate,
};

int ox_umem_odp_init(struct ox_umem_odp *odp, unsigned long len)
{
	odp->umem.owning_mm = current->mm;
	mmgrab(odp->umem.owning_mm);
	return mmu_interval_notifier_insert(&odp->notifier, odp->umem.owning_mm, /* ok: mmgrab-only-access */
					    odp->umem.start, len, &ox_ops);
}

/* Pins owning_mm, faults through the notifier bound to it. */
int ox_umem_odp_map(struct ox_umem_odp *odp, unsigned long len)
{
	struct mm_struct *owning_mm = odp->umem.owning_mm;
	struct hmm_range range = {};
	int ret;

	if (!mmget_not_zero(owning_mm))
		return -EINVAL;
	range.notifier = &odp->notifier;
	range.start = odp->umem.start;
	range.end = odp->umem.start + len;
	range.hmm_pfns = odp->pfn_list;
	mmap_read_lock(owning_mm);
	ret = hmm_range_fault(&range); /* ok: mmgrab-only-access */
	mmap_read_unlock(owning_mm);
	mmput(owning_mm);
	return ret;
}

/* The same fault from a prefetch worker that forgot the pin. */
void ox_umem_odp_prefetch(struct work_struct *work)
{
	struct ox_umem_odp *odp = container_of(work, struct ox_umem_odp, prefetch_work);
	struct hmm_range range = {
		.notifier	= &odp->notifier,
		.start		= odp->umem.start,
		.end		= odp->umem.start + PAGE_SIZE,
		.hmm_pfns	= odp->pfn_list,
	};

	mmap_read_lock(odp->umem.owning_mm);
	hmm_range_fault(&range); /* expect: mmgrab-only-access */
	mmap_read_unlock(odp->umem.owning_mm);
}

/* ---- amdgpu shape: helper with a notifier parameter ---------------------- */

struct ax_bo {
	struct mmu_interval_notifier notifier;
	unsigned long start;
	unsigned long *pfns;
	struct work_struct validate_work;
};

static int ax_hmm_get_pages(struct mmu_interval_notifier *notifier,
			    unsigned long start, unsigned long *pfns)
{
	struct hmm_range *hmm_range;
	int ret;

	hmm_range = kzalloc(sizeof(*hmm_range), GFP_KERNEL);
	if (!hmm_range)
		return -ENOMEM;
	hmm_range->notifier = notifier;
	hmm_range->start = start;
	hmm_range->end = start + PAGE_SIZE;
	hmm_range->hmm_pfns = pfns;
	ret = hmm_range_fault(hmm_range); /* ok: mmgrab-only-access */
	kfree(hmm_range);
	return ret;
}

int ax_bo_get_user_pages(struct ax_bo *bo)
{
	struct mm_struct *mm = bo->notifier.mm;
	int ret;

	if (!mmget_not_zero(mm))
		return -ESRCH;
	mmap_read_lock(mm);
	ret = ax_hmm_get_pages(&bo->notifier, bo->start, bo->pfns); /* ok: mmgrab-only-access */
	mmap_read_unlock(mm);
	mmput(mm);
	return ret;
}

void ax_bo_validate_worker(struct work_struct *work)
{
	struct ax_bo *bo = container_of(work, struct ax_bo, validate_work);

	ax_hmm_get_pages(&bo->notifier, bo->start, bo->pfns); /* expect: mmgrab-only-access */
}

/* ---- nouveau shape: insert on the mm read from a parameter --------------- */

struct nx_svmm {
	struct mmu_notifier notifier;
	struct mutex mutex;
};

struct nx_range_notifier {
	struct mmu_interval_notifier notifier;
	struct nx_svmm *svmm;
};

static int nx_range_fault(struct nx_svmm *svmm, struct nx_range_notifier *n,
			  unsigned long start, unsigned long *pfns)
{
	struct mm_struct *mm = svmm->notifier.mm;
	struct hmm_range range = {
		.notifier	= &n->notifier,
		.start		= start,
		.end		= start + PAGE_SIZE,
		.hmm_pfns	= pfns,
	};
	int ret;

	ret = mmu_interval_notifier_insert(&n->notifier, mm, start, PAGE_SIZE, &ox_ops); /* ok: mmgrab-only-access */
	if (ret)
		return ret;
	mmap_read_lock(mm);
	ret = hmm_range_fault(&range); /* ok: mmgrab-only-access */
	mmap_read_unlock(mm);
	mmu_interval_notifier_remove(&n->notifier);
	return ret;
}

int nx_svm_fault(struct nx_svmm *svmm, unsigned long start, unsigned long *pfns)
{
	struct nx_range_notifier n;
	struct mm_struct *mm = svmm->notifier.mm;
	int ret;

	if (!mmget_not_zero(mm))
		return -EFAULT;
	ret = nx_range_fault(svmm, &n, start, pfns); /* ok: mmgrab-only-access */
	mmput(mm);
	return ret;
}
