#include <linux/mmlint_stub.h>
/*
 * mm-ref-imbalance: the exits of a lock that can fail. fs/proc (task_mmu.c m_start, base.c),
 * process_mrelease and binder's shrinker take a reference, then a killable or try lock of the
 * mmap_lock; its failure exit must drop the reference. Formerly missed: passing the mm to
 * mmap_read_lock_killable()/mmap_write_lock_killable() (not in the lock table) or to a trylock
 * (the table's `try` entries) counted as handing the reference on, so the walk stopped there.
 * Likewise task_unlock() of the task whose ->mm was grabbed (oom_kill.c's shape).
 */

int fatal_signal_pending(struct task_struct *t);

/* Early return on a failed killable lock: mm_users leaked. */
long lf_stat(struct task_struct *task, unsigned long *out)
{
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return -ESRCH;
	if (mmap_read_lock_killable(mm))
		return -EINTR; /* expect: mm-ref-imbalance */
	*out = mm->brk - mm->start_brk;
	mmap_read_unlock(mm);
	mmput(mm);
	return 0;
}

/* Fixed. */
long lf_stat_fixed(struct task_struct *task, unsigned long *out)
{
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return -ESRCH;
	if (mmap_read_lock_killable(mm)) {
		mmput(mm);
		return -EINTR; /* ok: mm-ref-imbalance */
	}
	*out = mm->brk - mm->start_brk;
	mmap_read_unlock(mm);
	mmput(mm);
	return 0;
}

/* The write side, its failure jumping past the put. */
long lf_set_brk(struct task_struct *task, unsigned long brk)
{
	struct mm_struct *mm = get_task_mm(task);
	long ret = 0;

	if (!mm)
		return -ESRCH;
	if (mmap_write_lock_killable(mm)) {
		ret = -EINTR;
		goto out;
	}
	mm->brk = brk;
	mmap_write_unlock(mm);
	mmput(mm);
out:
	return ret; /* expect: mm-ref-imbalance */
}

/* A trylock that fails (binder_alloc_free_page's shape, without its put). */
long lf_shrink(struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return 0;
	if (!mmap_read_trylock(mm))
		return -EAGAIN; /* expect: mm-ref-imbalance */
	mmap_read_unlock(mm);
	mmput(mm);
	return 1;
}

/* Fixed, the put on a shared label. */
long lf_shrink_fixed(struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);
	long ret = 1;

	if (!mm)
		return 0;
	if (!mmap_write_trylock(mm)) {
		ret = -EAGAIN;
		goto put;
	}
	mmap_write_unlock(mm);
put:
	mmput(mm);
	return ret; /* ok: mm-ref-imbalance */
}

/* mmgrab() of the locked thread's mm, task_unlock(), then an early return without mmdrop(). */
long lf_reap(struct task_struct *victim)
{
	struct task_struct *p;
	struct mm_struct *mm;

	p = find_lock_task_mm(victim);
	if (!p)
		return -ESRCH;
	mm = p->mm;
	mmgrab(mm);
	task_unlock(p);

	if (fatal_signal_pending(current))
		return -EINTR; /* expect: mm-ref-imbalance */

	mmap_read_lock(mm);
	mmap_read_unlock(mm);
	mmdrop(mm);
	return 0;
}

/* Fixed. */
long lf_reap_fixed(struct task_struct *victim)
{
	struct task_struct *p;
	struct mm_struct *mm;
	long ret = 0;

	p = find_lock_task_mm(victim);
	if (!p)
		return -ESRCH;
	mm = p->mm;
	mmgrab(mm);
	task_unlock(p);

	if (fatal_signal_pending(current)) {
		ret = -EINTR;
		goto drop;
	}
	mmap_read_lock(mm);
	mmap_read_unlock(mm);
drop:
	mmdrop(mm);
	return ret; /* ok: mm-ref-imbalance */
}
