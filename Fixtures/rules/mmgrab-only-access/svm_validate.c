// SPDX-License-Identifier: GPL-2.0
/*
 * mmgrab-only-access: the amdkfd SVM shape (6.12 kfd_svm.c). A helper faults a range
 * through its interval notifier (hmm_range_fault on range->notifier->mm) and is handed
 * the mm separately. When the caller pins that mm (get_task_mm, or current->mm in its
 * own ioctl) the notifier -- registered on the same mm -- is covered: a note, not an
 * error. A caller that pins nothing keeps the error.
 */
#include <linux/mmlint_stub.h>

struct sv_range {
	struct mmu_interval_notifier notifier;
	unsigned long start, npages;
	unsigned long *pfns;
	struct work_struct restore_work;
	struct task_struct *lead_thread;
};

static int sv_validate_and_map(struct mm_struct *mm, struct sv_range *prange)
{
	struct hmm_range range = {
		.notifier	= &prange->notifier,
		.start		= prange->start,
		.end		= prange->start + (prange->npages << PAGE_SHIFT),
		.hmm_pfns	= prange->pfns,
		.default_flags	= HMM_PFN_REQ_FAULT,
	};
	int r;

	mmap_read_lock(mm);
	r = hmm_range_fault(&range);
	mmap_read_unlock(mm);
	return r;
}

/* kfd's svm_range_restore_work: the worker pins the process's mm first. */
void sv_restore_work(struct work_struct *work)
{
	struct sv_range *prange = container_of(work, struct sv_range, restore_work);
	struct mm_struct *mm;

	mm = get_task_mm(prange->lead_thread);
	if (!mm)
		return;
	sv_validate_and_map(mm, prange); /* note: mmgrab-only-access */
	mmput(mm);
}

/* The same helper from a worker that pins nothing: the notifier holds mm_count only. */
void sv_restore_work_unpinned(struct work_struct *work)
{
	struct sv_range *prange = container_of(work, struct sv_range, restore_work);

	sv_validate_and_map(prange->notifier.mm, prange); /* expect: mmgrab-only-access */
}

/* kfd's svm_range_set_attr: the mm is a parameter, and its only caller is the task's own
 * ioctl passing current->mm. */
struct sv_range *sv_find(unsigned long start);

static int sv_set_attr(struct mm_struct *mm, unsigned long start)
{
	struct sv_range *prange = sv_find(start);

	if (!prange)
		return -EINVAL;
	return sv_validate_and_map(mm, prange); /* note: mmgrab-only-access */
}

int sv_ioctl(unsigned long start)
{
	struct mm_struct *mm = current->mm;

	return sv_set_attr(mm, start);
}
