#include <linux/mmlint_stub.h>
/*
 * mmgrab-only-access: HMM and mmu-notifier registration.
 *
 *   - hmm_range_fault(range) acts on range->notifier->mm. An interval
 *     notifier keeps its mm with mm_count only (by protocol), so the fault
 *     needs mmget_not_zero() of that mm first: shown without the pin (mm/hmm
 *     5.2 shape), pinned through a local alias of the notifier's mm (nouveau
 *     style), and pinned through range->notifier->mm.
 *   - other address-space operations on the notifier's mm: same requirement.
 *   - mmu_interval_notifier_insert()/mmu_notifier_register() with current->mm
 *     in the ioctl: quiet; from a worker on an mmgrab-only field: error.
 */

struct hx_buffer {
	struct mmu_interval_notifier notifier;
	struct hmm_range hrange;
	struct mutex lock;
	struct work_struct fault_work;
	struct work_struct unmap_work;
	unsigned long start;
	unsigned long npages;
	unsigned long *pfns;
};

static bool hx_invalidate(struct mmu_interval_notifier *mni,
			  const struct mmu_notifier_range *range,
			  unsigned long cur_seq)
{
	struct hx_buffer *buf = container_of(mni, struct hx_buffer, notifier);

	mutex_lock(&buf->lock);
	mmu_interval_set_seq(mni, cur_seq);
	mutex_unlock(&buf->lock);
	return true;
}

static const struct mmu_interval_notifier_ops hx_mni_ops = {
	.invalidate	= hx_invalidate,
};

int hx_buffer_register(struct hx_buffer *buf, unsigned long start,
		       unsigned long npages)
{
	buf->start = start;
	buf->npages = npages;
	buf->pfns = kvcalloc(npages, sizeof(*buf->pfns), GFP_KERNEL);
	if (!buf->pfns)
		return -ENOMEM;
	mutex_init(&buf->lock);
	return mmu_interval_notifier_insert(&buf->notifier, current->mm, start, npages << PAGE_SHIFT, &hx_mni_ops); /* ok: mmgrab-only-access */
}

/* mm/hmm 5.2 shape: fault the range from a worker with no users reference. */
void hx_fault_worker_unpinned(struct work_struct *work)
{
	struct hx_buffer *buf = container_of(work, struct hx_buffer, fault_work);
	struct hmm_range range = {
		.notifier	= &buf->notifier,
		.start		= buf->start,
		.end		= buf->start + (buf->npages << PAGE_SHIFT),
		.hmm_pfns	= buf->pfns,
		.default_flags	= HMM_PFN_REQ_FAULT,
	};
	int ret;

again:
	range.notifier_seq = mmu_interval_read_begin(&buf->notifier);
	mmap_read_lock(buf->notifier.mm);
	ret = hmm_range_fault(&range); /* expect: mmgrab-only-access */
	mmap_read_unlock(buf->notifier.mm);
	if (ret == -EBUSY)
		goto again;
	if (ret)
		return;

	mutex_lock(&buf->lock);
	if (mmu_interval_read_retry(&buf->notifier, range.notifier_seq)) {
		mutex_unlock(&buf->lock);
		goto again;
	}
	mutex_unlock(&buf->lock);
}

/* nouveau style: pin the notifier's mm through a local alias. */
int hx_fault_pinned_alias(struct hx_buffer *buf)
{
	struct mm_struct *mm = buf->notifier.mm;
	struct hmm_range range;
	int ret;

	if (!mmget_not_zero(mm))
		return -EFAULT;

	range.notifier = &buf->notifier;
	range.start = buf->start;
	range.end = buf->start + (buf->npages << PAGE_SHIFT);
	range.hmm_pfns = buf->pfns;
	range.default_flags = HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE;
	range.pfn_flags_mask = 0;
	range.dev_private_owner = NULL;

	for (;;) {
		range.notifier_seq = mmu_interval_read_begin(range.notifier);
		mmap_read_lock(mm);
		ret = hmm_range_fault(&range); /* ok: mmgrab-only-access */
		mmap_read_unlock(mm);
		if (ret != -EBUSY)
			break;
	}

	mmput(mm);
	return ret;
}

/* Pin spelled on the range itself. */
int hx_fault_pinned_range(struct hx_buffer *buf)
{
	struct hmm_range *range = &buf->hrange;
	int ret;

	range->notifier = &buf->notifier;
	range->start = buf->start;
	range->end = buf->start + (buf->npages << PAGE_SHIFT);
	range->hmm_pfns = buf->pfns;
	range->default_flags = HMM_PFN_REQ_FAULT;

	if (!mmget_not_zero(range->notifier->mm))
		return -EFAULT;

	range->notifier_seq = mmu_interval_read_begin(range->notifier);
	mmap_read_lock(range->notifier->mm);
	ret = hmm_range_fault(range); /* ok: mmgrab-only-access */
	mmap_read_unlock(range->notifier->mm);

	mmput(range->notifier->mm);
	return ret;
}

static int hx_zap_pmd_entry(pmd_t *pmd, unsigned long addr, unsigned long next,
			    struct mm_walk *walk)
{
	return 0;
}

static const struct mm_walk_ops hx_zap_ops = {
	.pmd_entry	= hx_zap_pmd_entry,
};

/* Any other address-space operation on the notifier's mm: same contract. */
void hx_unmap_worker_unpinned(struct work_struct *work)
{
	struct hx_buffer *buf = container_of(work, struct hx_buffer, unmap_work);
	unsigned long end = buf->start + (buf->npages << PAGE_SHIFT);

	mmap_read_lock(buf->notifier.mm);
	walk_page_range(buf->notifier.mm, buf->start, end, &hx_zap_ops, buf); /* expect: mmgrab-only-access */
	mmap_read_unlock(buf->notifier.mm);
}

/* ---- mmu_notifier_register ------------------------------------------- */

struct gx_mirror {
	struct mmu_notifier mn;
	struct mm_struct *mm;
	struct work_struct bind_work;
};

static void gx_mirror_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct gx_mirror *m = container_of(mn, struct gx_mirror, mn);

	cancel_work_sync(&m->bind_work);
}

static const struct mmu_notifier_ops gx_mirror_ops = {
	.release	= gx_mirror_release,
};

/* ioctl context: the caller's own mm. */
int gx_mirror_bind_ioctl(struct gx_mirror *m)
{
	m->mn.ops = &gx_mirror_ops;
	mmgrab(current->mm);
	m->mm = current->mm;
	return mmu_notifier_register(&m->mn, current->mm); /* ok: mmgrab-only-access */
}

/* Deferred bind: the worker registers on an mm it holds by mm_count only. */
void gx_mirror_bind_worker(struct work_struct *work)
{
	struct gx_mirror *m = container_of(work, struct gx_mirror, bind_work);

	m->mn.ops = &gx_mirror_ops;
	if (mmu_notifier_register(&m->mn, m->mm)) /* expect: mmgrab-only-access */
		pr_err("gx: bind failed\n");
}
