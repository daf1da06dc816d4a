#include <linux/mmlint_stub.h>
/*
 * A member stored from get_task_mm() whose mm_users reference is put in the same function once
 * a notifier is registered on it: what the member keeps is the subscription's mm_count
 * (__mmu_notifier_register() and __mmu_interval_notifier_insert() take mmgrab() until
 * unregister). amd_iommu_v2's bind_pasid (4.x-6.2) and intel-svm's bind (5.4) say so in their
 * comments: they rely on ->release. A worker that faults or walks through the member without
 * mmget_not_zero() first works on an mm whose address space may be gone. Spelled with the
 * plain and the interval notifier, the put at the end or under `if (mm)`.
 */

struct nt_pasid {
	struct mm_struct *mm;		/* get_task_mm(), traded for the notifier's count */
	struct mmu_notifier mn;
	struct work_struct work;
	unsigned long addr;
	bool invalid;
};

struct nt_svm {
	struct mm_struct *mm;
	struct mmu_interval_notifier notifier;
	struct work_struct work;
	unsigned long start;
};

extern const struct mmu_notifier_ops nt_mn_ops;
extern const struct mmu_interval_notifier_ops nt_mni_ops;
int nt_set_state(struct nt_pasid *p);

int nt_bind_pasid(struct nt_pasid *p, struct task_struct *task)
{
	struct mm_struct *mm;
	int ret;

	mm = get_task_mm(task);
	p->mm = mm;
	if (!p->mm)
		return -ESRCH;
	p->mn.ops = &nt_mn_ops;
	ret = mmu_notifier_register(&p->mn, mm);
	if (ret)
		goto out_put;
	ret = nt_set_state(p);
	if (ret)
		mmu_notifier_unregister(&p->mn, mm);
	/* the notifier's release tells when the mm goes away */
out_put:
	mmput(mm);
	return ret;
}

/* 1. the fault worker on the member as stored */
static void nt_do_fault(struct work_struct *work)
{
	struct nt_pasid *p = container_of(work, struct nt_pasid, work);
	struct vm_area_struct *vma;

	mmap_read_lock(p->mm);
	vma = find_vma(p->mm, p->addr);
	if (vma)
		handle_mm_fault(vma, p->addr, FAULT_FLAG_REMOTE, NULL); /* expect: mmgrab-only-access the member keeps the notifier count only */
	mmap_read_unlock(p->mm);
}

/* 2. the fixed worker pins first */
static void nt_do_fault_pinned(struct work_struct *work)
{
	struct nt_pasid *p = container_of(work, struct nt_pasid, work);
	struct vm_area_struct *vma;

	if (!mmget_not_zero(p->mm))
		return;
	mmap_read_lock(p->mm);
	vma = find_vma(p->mm, p->addr);
	if (vma)
		handle_mm_fault(vma, p->addr, FAULT_FLAG_REMOTE, NULL); /* ok: mmgrab-only-access pinned first */
	mmap_read_unlock(p->mm);
	mmput(p->mm);
}

int nt_bind_svm(struct nt_svm *s)
{
	struct mm_struct *mm = get_task_mm(current);
	int ret;

	s->mm = mm;
	ret = mmu_interval_notifier_insert(&s->notifier, mm, s->start, PAGE_SIZE, &nt_mni_ops);
	if (mm)
		mmput(mm);
	return ret;
}

/* 3. the interval notifier's holder walked without a pin */
static void nt_svm_prefault(struct work_struct *work)
{
	struct nt_svm *s = container_of(work, struct nt_svm, work);
	struct page *page;

	mmap_read_lock(s->mm);
	get_user_pages_remote(s->mm, s->start, 1, FOLL_WRITE, &page, NULL); /* expect: mmgrab-only-access stored users reference was put at bind */
	mmap_read_unlock(s->mm);
}

void nt_queue(struct nt_pasid *p, struct nt_svm *s)
{
	INIT_WORK(&p->work, nt_do_fault);
	INIT_WORK(&p->work, nt_do_fault_pinned);
	INIT_WORK(&s->work, nt_svm_prefault);
	schedule_work(&p->work);
	schedule_work(&s->work);
}
