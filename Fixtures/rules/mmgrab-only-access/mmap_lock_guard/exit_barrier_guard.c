#include "mmap_lock.h"
/*
 * The ksm/khugepaged-style exit protocol (see ../exit_barrier.c) with the fault made under
 * guard(mmap_read_lock) — the scope-based spelling of mmap_read_lock()/mmap_read_unlock()
 * newer kernels offer. The guard's constructor takes the lock, so the count test and the
 * fault are under mmap_read_lock as in the open-coded form.
 */

struct gb_mm {
	struct mm_struct *mm;
	refcount_t tasks;
	struct work_struct fault_work;
	unsigned long uaddr;
};

struct gb_mm *gb_mm_alloc(void)
{
	struct gb_mm *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return NULL;
	m->mm = current->mm;
	mmgrab(m->mm);
	refcount_set(&m->tasks, 1);
	return m;
}

/* Called from do_exit() before exit_mm(), after the task count dropped. */
void gb_mm_remove(struct gb_mm *m)
{
	mmap_write_lock(m->mm);
	mmap_write_unlock(m->mm);
}

static int gb_fault_in(struct gb_mm *m, unsigned long uaddr)
{
	bool unlocked;

	guard(mmap_read_lock)(m->mm);
	if (refcount_read(&m->tasks) == 0)
		return -ENOENT;
	return fixup_user_fault(m->mm, uaddr, FAULT_FLAG_WRITE, &unlocked); /* ok: mmgrab-only-access */
}

void gb_fault_worker(struct work_struct *work)
{
	struct gb_mm *m = container_of(work, struct gb_mm, fault_work);

	gb_fault_in(m, m->uaddr); /* ok: mmgrab-only-access */
}

/* The test before the guard's scope: proves nothing. */
void gb_fault_worker_unlocked_test(struct work_struct *work)
{
	struct gb_mm *m = container_of(work, struct gb_mm, fault_work);
	struct page *page;

	if (refcount_read(&m->tasks) == 0)
		return;
	scoped_guard(mmap_read_lock, m->mm)
		pin_user_pages_remote(m->mm, m->uaddr, 1, FOLL_WRITE, &page, NULL); /* expect: mmgrab-only-access */
}
