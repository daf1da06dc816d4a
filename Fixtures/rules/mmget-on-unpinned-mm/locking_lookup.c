#include <linux/mmlint_stub.h>
/*
 * find_lock_task_mm() (mm/oom_kill.c) returns a thread of the task's process with that
 * thread's task_lock held and its ->mm set, or NULL: the ->mm is pinned until task_unlock() of
 * the returned thread, as under task_lock() written out. The task looked up by pid: mmget()
 * under the lock is get_task_mm()'s protocol (quiet); after task_unlock() the thread may exit
 * and drop the mm (reported, also when the lookup's result is used with no reference at all).
 */

struct fl_req {
	pid_t pid;
	unsigned long addr;
	struct page *pg;
};

long fl_peek(struct fl_req *r)
{
	struct task_struct *t, *p;
	struct mm_struct *mm;
	long n;

	rcu_read_lock();
	t = find_task_by_vpid(r->pid);
	if (!t) {
		rcu_read_unlock();
		return -ESRCH;
	}
	p = find_lock_task_mm(t);
	rcu_read_unlock();
	if (!p)
		return -ESRCH;
	mm = p->mm;
	mmget(mm); /* ok: mmget-on-unpinned-mm */
	task_unlock(p);
	n = get_user_pages_remote(mm, r->addr, 1, 0, &r->pg, NULL); /* ok: mmgrab-only-access */
	mmput(mm);
	return n;
}

long fl_peek_late(struct fl_req *r)
{
	struct task_struct *t, *p;
	struct mm_struct *mm;
	long n;

	rcu_read_lock();
	t = find_task_by_vpid(r->pid);
	if (!t) {
		rcu_read_unlock();
		return -ESRCH;
	}
	p = find_lock_task_mm(t);
	rcu_read_unlock();
	if (!p)
		return -ESRCH;
	mm = p->mm;
	task_unlock(p);
	mmget(mm); /* expect: mmget-on-unpinned-mm */
	n = get_user_pages_remote(mm, r->addr, 1, 0, &r->pg, NULL);
	mmput(mm);
	return n;
}

long fl_peek_nopin(struct fl_req *r)
{
	struct task_struct *t, *p;
	struct mm_struct *mm;
	long n;

	t = find_task_by_vpid(r->pid);
	if (!t)
		return -ESRCH;
	p = find_lock_task_mm(t);
	if (!p)
		return -ESRCH;
	mm = p->mm;
	task_unlock(p);
	mmap_read_lock(mm);
	n = get_user_pages_remote(mm, r->addr, 1, 0, &r->pg, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(mm);
	return n;
}

/* The running task's own process: its ->mm is the caller's own. */
long fl_self(struct fl_req *r)
{
	struct task_struct *p = find_lock_task_mm(current);
	struct mm_struct *mm;
	long n;

	if (!p)
		return -ESRCH;
	mm = p->mm;
	mmget(mm); /* ok: mmget-on-unpinned-mm */
	task_unlock(p);
	n = get_user_pages_remote(mm, r->addr, 1, 0, &r->pg, NULL);
	mmput(mm);
	return n;
}
