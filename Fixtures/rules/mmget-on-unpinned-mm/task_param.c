#include <linux/mmlint_stub.h>
/*
 * A task handed in as a parameter, its ->mm read without task_lock(): the requirement goes to
 * the callers (every caller visible) and is judged at each call: a caller that passes a task a pid
 * lookup returned is reported there; a helper only ever called with current reads the caller's own
 * (alias_and_task.c keeps the case with no visible caller as a todo). The helper taking
 * task_lock() itself is get_task_mm()'s protocol: nothing to pass on (it was, and the caller
 * was reported: a false report).
 */

struct tp_req {
	pid_t pid;
	unsigned long addr;
	struct page *page;
};

/* a helper whose caller looked the task up */
static int tp_grab_users(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;

	if (!mm)
		return -EINVAL;
	mmget(mm);
	mmput(mm);
	return 0;
}

int tp_by_pid(struct tp_req *r)
{
	struct task_struct *task = get_pid_task(find_vpid(r->pid), PIDTYPE_PID);
	int ret;

	if (!task)
		return -ESRCH;
	ret = tp_grab_users(task); /* expect: mmget-on-unpinned-mm */
	put_task_struct(task);
	return ret;
}

/* GUP on the parameter's mm, the task from find_task_by_vpid() in the caller */
static long tp_pin(struct task_struct *t, struct tp_req *r)
{
	return get_user_pages_remote(t->mm, r->addr, 1, 0, &r->page, NULL);
}

long tp_pin_by_vpid(struct tp_req *r)
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
	ret = tp_pin(task, r); /* expect: mmgrab-only-access */
	put_task_struct(task);
	return ret;
}

/* only ever called with current: the caller's own mm, quiet */
static int tp_own(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;

	if (!mm)
		return -EINVAL;
	mmget(mm); /* ok: mmget-on-unpinned-mm */
	mmput(mm);
	return 0;
}

int tp_self(void)
{
	return tp_own(current);
}

/* the helper takes task_lock(): quiet */
static int tp_locked(struct task_struct *t)
{
	struct mm_struct *mm;

	task_lock(t);
	mm = t->mm;
	if (mm)
		mmget(mm); /* ok: mmget-on-unpinned-mm */
	task_unlock(t);
	if (!mm)
		return -EINVAL;
	mmput(mm);
	return 0;
}

int tp_locked_by_pid(struct tp_req *r)
{
	struct task_struct *task = get_pid_task(find_vpid(r->pid), PIDTYPE_PID);
	int ret;

	if (!task)
		return -ESRCH;
	ret = tp_locked(task); /* ok: mmget-on-unpinned-mm */
	put_task_struct(task);
	return ret;
}
