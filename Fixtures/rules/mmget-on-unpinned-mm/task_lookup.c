#include <linux/mmlint_stub.h>
/*
 * Another task's ->mm, the task found by its pid: exit_mm() clears task->mm under task_lock()
 * and then mmput()s, so the mm read outside task_lock() with no reference taken may already be
 * on its way to exit_mmap(). get_task_mm() is the lookup's pin (task_lock + mmget); mmget() under
 * task_lock() is the same protocol written out. Missed before: a task's ->mm was taken as held
 * wherever the task came from (alias_and_task.c keeps the parameter's case as a todo: its callers
 * may pass current).
 */

struct tl_req {
	pid_t pid;
	unsigned long addr;
	struct page *page;
};

/* the looked-up task's mm, read into a local: mmget() may resurrect it */
int tl_get(struct tl_req *r)
{
	struct task_struct *task = get_pid_task(find_vpid(r->pid), PIDTYPE_PID);
	struct mm_struct *mm;

	if (!task)
		return -ESRCH;
	mm = task->mm;
	if (!mm) {
		put_task_struct(task);
		return -EINVAL;
	}
	mmget(mm); /* expect: mmget-on-unpinned-mm */
	put_task_struct(task);
	mmput(mm);
	return 0;
}

/* GUP straight on it, the task from find_task_by_vpid() */
long tl_gup(struct tl_req *r)
{
	struct task_struct *task;
	long ret;

	rcu_read_lock();
	task = find_task_by_vpid(r->pid);
	if (!task) {
		rcu_read_unlock();
		return -ESRCH;
	}
	get_task_struct(task);
	rcu_read_unlock();
	ret = get_user_pages_remote(task->mm, r->addr, 1, 0, &r->page, NULL); /* expect: mmgrab-only-access */
	put_task_struct(task);
	return ret;
}

/* get_task_mm(): quiet */
long tl_gup_pinned(struct tl_req *r)
{
	struct task_struct *task = find_get_task_by_vpid(r->pid);
	struct mm_struct *mm;
	long ret;

	if (!task)
		return -ESRCH;
	mm = get_task_mm(task);
	put_task_struct(task);
	if (!mm)
		return -EINVAL;
	ret = get_user_pages_remote(mm, r->addr, 1, 0, &r->page, NULL); /* ok: mmgrab-only-access */
	mmput(mm);
	return ret;
}

/* mmget() under task_lock(): quiet */
int tl_get_locked(struct tl_req *r)
{
	struct task_struct *task = get_pid_task(find_vpid(r->pid), PIDTYPE_PID);
	struct mm_struct *mm;

	if (!task)
		return -ESRCH;
	task_lock(task);
	mm = task->mm;
	if (mm)
		mmget(mm); /* ok: mmget-on-unpinned-mm */
	task_unlock(task);
	put_task_struct(task);
	if (!mm)
		return -EINVAL;
	mmput(mm);
	return 0;
}
