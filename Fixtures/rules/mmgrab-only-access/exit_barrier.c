#include <linux/mmlint_stub.h>
/*
 * mmgrab-only-access: the ksm/khugepaged exit protocol outside mm/
 * (kernel/trace/trace_events_user.c in 6.12).
 *
 * The holder keeps the mm by mmgrab and counts the owner's live tasks. A
 * fault is done only while mmap_read_lock is held and the task count is
 * non-zero; the owner's exit path (before exit_mm) drops the count and then
 * takes mmap_write_lock/mmap_write_unlock as a barrier, so no fault can be in
 * flight when exit_mm drops mm_users. With the barrier in the tree the test
 * is a guard (ok); a holder that copies the test without any barrier is still
 * a finding (expect).
 */

struct ue_mm {
	struct mm_struct *mm;
	refcount_t tasks;
	struct work_struct fault_work;
	unsigned long uaddr;
};

struct ue_mm *ue_mm_alloc(void)
{
	struct ue_mm *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return NULL;
	m->mm = current->mm;
	mmgrab(m->mm);
	refcount_set(&m->tasks, 1);
	return m;
}

/* Called from do_exit() before exit_mm(), after the task count dropped. */
void ue_mm_remove(struct ue_mm *m)
{
	mmap_write_lock(m->mm);
	mmap_write_unlock(m->mm);
}

static int ue_fault_in(struct ue_mm *m, unsigned long uaddr)
{
	bool unlocked;
	int ret;

	mmap_read_lock(m->mm);
	if (refcount_read(&m->tasks) == 0) {
		ret = -ENOENT;
		goto out;
	}
	ret = fixup_user_fault(m->mm, uaddr, FAULT_FLAG_WRITE, &unlocked); /* ok: mmgrab-only-access */
out:
	mmap_read_unlock(m->mm);
	return ret;
}

void ue_fault_worker(struct work_struct *work)
{
	struct ue_mm *m = container_of(work, struct ue_mm, fault_work);

	ue_fault_in(m, m->uaddr); /* ok: mmgrab-only-access */
}

/* Test outside the lock: proves nothing. */
void ue_fault_worker_unlocked_test(struct work_struct *work)
{
	struct ue_mm *m = container_of(work, struct ue_mm, fault_work);
	struct page *page;

	if (refcount_read(&m->tasks) == 0)
		return;
	mmap_read_lock(m->mm);
	pin_user_pages_remote(m->mm, m->uaddr, 1, FOLL_WRITE, &page, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(m->mm);
}

/* ---- the same test on a holder whose exit path has no barrier ----------- */

struct nb_mm {
	struct mm_struct *mm;
	refcount_t tasks;
	struct work_struct fault_work;
	unsigned long uaddr;
};

void nb_mm_init(struct nb_mm *m)
{
	m->mm = current->mm;
	mmgrab(m->mm);
	refcount_set(&m->tasks, 1);
}

void nb_fault_worker(struct work_struct *work)
{
	struct nb_mm *m = container_of(work, struct nb_mm, fault_work);
	struct page *page;

	mmap_read_lock(m->mm);
	if (refcount_read(&m->tasks) == 0)
		goto out;
	pin_user_pages_remote(m->mm, m->uaddr, 1, FOLL_WRITE, &page, NULL); /* expect: mmgrab-only-access */
out:
	mmap_read_unlock(m->mm);
}
