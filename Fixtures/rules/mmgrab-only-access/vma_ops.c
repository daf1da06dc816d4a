#include <linux/mmlint_stub.h>
/*
 * mmgrab-only-access: VMA lookups, lockless VMA locking, faults and page walks.
 *
 * struct kfd_proc.mm is an mmgrab-only holder (amdkfd style: the process
 * object outlives the address space).
 *   - find_vma()/vma_lookup()/find_vma_intersection() under mmap_read_lock:
 *     tolerated with mm_count on a 5.17+ tree (fixtures are a modern tree).
 *   - the amdkfd shape: find_vma is fine, but the GUP that follows is not;
 *     the fix pins with get_task_mm(p->lead_thread).
 *   - lock_vma_under_rcu() takes no mmap_lock: always needs mm_users.
 *   - handle_mm_fault(vma, ...), zap_page_range_single(vma, ...) and
 *     walk_page_range(vma->vm_mm, ...) act in vma context: quiet.
 *   - walk_page_range() on &init_mm (immortal) and after mmget_not_zero: quiet.
 */

struct kfd_proc {
	struct mm_struct *mm;
	struct task_struct *lead_thread;
	struct work_struct restore_work;
	struct work_struct prefault_work;
	struct work_struct scan_work;
	unsigned long userptr;
	unsigned long size;
	unsigned long cached_vm_flags;
	unsigned long resident;
};

int kfd_proc_create(struct kfd_proc *p)
{
	p->lead_thread = current->group_leader;
	get_task_struct(p->lead_thread);
	mmgrab(current->mm);
	p->mm = current->mm;
	return 0;
}

void kfd_proc_destroy(struct kfd_proc *p)
{
	cancel_work_sync(&p->restore_work);
	cancel_work_sync(&p->prefault_work);
	cancel_work_sync(&p->scan_work);
	mmdrop(p->mm);
	put_task_struct(p->lead_thread);
}

/* Read-only inspection under mmap_lock: fine with mm_count on 6.12. */
void kfd_scan_worker_vma_lookup(struct work_struct *work)
{
	struct kfd_proc *p = container_of(work, struct kfd_proc, scan_work);
	struct vm_area_struct *vma;

	mmap_read_lock(p->mm);
	vma = vma_lookup(p->mm, p->userptr); /* ok: mmgrab-only-access */
	if (vma)
		p->cached_vm_flags = vma->vm_flags;
	vma = find_vma_intersection(p->mm, p->userptr, p->userptr + p->size); /* ok: mmgrab-only-access */
	if (!vma)
		p->cached_vm_flags = 0;
	mmap_read_unlock(p->mm);
}

/* amdkfd (~4.17) shape: the lookup is tolerated, the GUP after it is not. */
void kfd_restore_worker_count_only(struct work_struct *work)
{
	struct kfd_proc *p = container_of(work, struct kfd_proc, restore_work);
	struct vm_area_struct *vma;
	struct page *page;
	long ret;

	mmap_read_lock(p->mm);
	vma = find_vma(p->mm, p->userptr); /* ok: mmgrab-only-access */
	if (!vma || p->userptr < vma->vm_start)
		goto unlock;

	ret = get_user_pages_remote(p->mm, p->userptr, 1, FOLL_WRITE, &page, NULL); /* expect: mmgrab-only-access */
	if (ret == 1)
		put_page(page);
unlock:
	mmap_read_unlock(p->mm);
}

/* The fix: take a users reference through the lead thread. */
void kfd_restore_worker_task_mm(struct work_struct *work)
{
	struct kfd_proc *p = container_of(work, struct kfd_proc, restore_work);
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	struct page *page;
	long ret;

	mm = get_task_mm(p->lead_thread);
	if (!mm)
		return;

	mmap_read_lock(mm);
	vma = find_vma(mm, p->userptr); /* ok: mmgrab-only-access */
	if (!vma || p->userptr < vma->vm_start)
		goto unlock;

	if (handle_mm_fault(vma, p->userptr, FAULT_FLAG_WRITE | FAULT_FLAG_REMOTE, NULL) & VM_FAULT_ERROR) /* ok: mmgrab-only-access */
		goto unlock;

	ret = get_user_pages_remote(mm, p->userptr, 1, FOLL_WRITE, &page, NULL); /* ok: mmgrab-only-access */
	if (ret == 1)
		put_page(page);
unlock:
	mmap_read_unlock(mm);
	mmput(mm);
}

/* Per-VMA locking takes no mmap_lock: exit_mmap frees the maple tree nodes. */
void kfd_prefault_worker_lockless(struct work_struct *work)
{
	struct kfd_proc *p = container_of(work, struct kfd_proc, prefault_work);
	struct vm_area_struct *vma;

	vma = lock_vma_under_rcu(p->mm, p->userptr); /* expect: mmgrab-only-access */
	if (!vma)
		return;
	p->cached_vm_flags = vma->vm_flags;
	vma_end_read(vma);
}

void kfd_prefault_worker_lockless_pinned(struct work_struct *work)
{
	struct kfd_proc *p = container_of(work, struct kfd_proc, prefault_work);
	struct vm_area_struct *vma;

	if (!mmget_not_zero(p->mm))
		return;

	vma = lock_vma_under_rcu(p->mm, p->userptr); /* ok: mmgrab-only-access */
	if (vma) {
		p->cached_vm_flags = vma->vm_flags;
		vma_end_read(vma);
	}
	mmput(p->mm);
}

/* The caller holds the vma (mmap_lock or vma lock): vma context. */
int kfd_prefault_vma(struct vm_area_struct *vma, unsigned long start,
		     unsigned long end)
{
	unsigned long addr;

	for (addr = start; addr < end; addr += PAGE_SIZE) {
		if (handle_mm_fault(vma, addr, FAULT_FLAG_WRITE, NULL) & VM_FAULT_ERROR) /* ok: mmgrab-only-access */
			return -EFAULT;
	}
	return 0;
}

/* ---- page walks -------------------------------------------------------- */

static int kfd_count_pmd_entry(pmd_t *pmd, unsigned long addr,
			       unsigned long next, struct mm_walk *walk)
{
	return pmd_none(*pmd) ? 0 : 1;
}

static const struct mm_walk_ops kfd_count_ops = {
	.pmd_entry	= kfd_count_pmd_entry,
};

/* The caller holds the vma: vma->vm_mm is the vma's own, live mm. */
int kfd_evict_vma(struct vm_area_struct *vma)
{
	int resident;

	resident = walk_page_range(vma->vm_mm, vma->vm_start, vma->vm_end, &kfd_count_ops, NULL); /* ok: mmgrab-only-access */
	if (resident > 0)
		zap_page_range_single(vma, vma->vm_start, vma->vm_end - vma->vm_start, NULL); /* ok: mmgrab-only-access */
	return resident;
}

void kfd_scan_worker_walk_pinned(struct work_struct *work)
{
	struct kfd_proc *p = container_of(work, struct kfd_proc, scan_work);

	if (!mmget_not_zero(p->mm))
		return;
	mmap_read_lock(p->mm);
	p->resident = walk_page_range(p->mm, p->userptr, p->userptr + p->size, &kfd_count_ops, NULL); /* ok: mmgrab-only-access */
	mmap_read_unlock(p->mm);
	mmput(p->mm);
}

/* init_mm never goes away. */
int kfd_dump_kernel_range(unsigned long start, unsigned long end)
{
	int ret;

	mmap_read_lock(&init_mm);
	ret = walk_page_range(&init_mm, start, end, &kfd_count_ops, NULL); /* ok: mmgrab-only-access */
	mmap_read_unlock(&init_mm);
	return ret;
}
