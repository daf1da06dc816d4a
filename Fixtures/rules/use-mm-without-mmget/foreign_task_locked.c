#include <linux/mmlint_stub.h>
/*
 * Another task's ->mm grabbed on some paths only: `if (mm) mmgrab(mm);` under task_lock()
 * (get_task_mm()'s own shape, with mmgrab() in place of mmget()), the NULL case left later.
 * The must-dataflow loses the grab where the two paths join; the grab is still the
 * function's statement of what it holds (mm_count), as when it is unconditional.
 */

struct task_struct *find_get_task_by_vpid(pid_t nr);

struct fl_req {
	pid_t pid;
	int __user *uptr;
	struct work_struct work;
};

/* 1. under task_lock, grab conditional, NULL tested after the unlock */
void fl_poke_locked(struct task_struct *tsk, int v, int __user *p)
{
	struct mm_struct *mm;

	task_lock(tsk);
	mm = tsk->mm;
	if (mm)
		mmgrab(mm);
	task_unlock(tsk);
	if (!mm)
		return;
	kthread_use_mm(mm); /* expect: use-mm-without-mmget */
	put_user(v, p);
	kthread_unuse_mm(mm);
	mmdrop(mm);
}

/* 2. a task found by pid in a work item, the grab in a block, goto on NULL */
static void fl_work(struct work_struct *w)
{
	struct fl_req *r = container_of(w, struct fl_req, work);
	struct task_struct *tsk = find_get_task_by_vpid(r->pid);
	struct mm_struct *mm = NULL;

	if (!tsk)
		return;
	task_lock(tsk);
	if (tsk->mm) {
		mm = tsk->mm;
		mmgrab(mm);
	}
	task_unlock(tsk);
	put_task_struct(tsk);
	if (!mm)
		goto out;
	kthread_use_mm(mm); /* expect: use-mm-without-mmget */
	put_user(1, r->uptr);
	kthread_unuse_mm(mm);
	mmdrop(mm);
out:
	r->pid = 0;
}

void fl_queue(struct fl_req *r)
{
	INIT_WORK(&r->work, fl_work);
	schedule_work(&r->work);
}

/* 3. the same address-space access through access_remote_vm() */
int fl_peek(struct task_struct *tsk, unsigned long addr, int *val)
{
	struct mm_struct *mm = tsk->mm;
	int n;

	if (mm)
		mmgrab(mm);
	if (!mm)
		return -ESRCH;
	n = access_remote_vm(mm, addr, val, sizeof(*val), 0); /* expect: mmgrab-only-access */
	mmdrop(mm);
	return n;
}

/* 4. fixed: the conditional grab upgraded with mmget_not_zero() */
void fl_poke_fixed(struct task_struct *tsk, int v, int __user *p)
{
	struct mm_struct *mm;

	task_lock(tsk);
	mm = tsk->mm;
	if (mm)
		mmgrab(mm);
	task_unlock(tsk);
	if (!mm)
		return;
	if (mmget_not_zero(mm)) {
		kthread_use_mm(mm); /* ok: use-mm-without-mmget */
		put_user(v, p);
		kthread_unuse_mm(mm);
		mmput(mm);
	}
	mmdrop(mm);
}

/* 5. fixed: mmget() under task_lock (get_task_mm()'s own protocol) */
void fl_poke_get(struct task_struct *tsk, int v, int __user *p)
{
	struct mm_struct *mm;

	task_lock(tsk);
	mm = tsk->mm;
	if (mm)
		mmget(mm);
	task_unlock(tsk);
	if (!mm)
		return;
	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	put_user(v, p);
	kthread_unuse_mm(mm);
	mmput(mm);
}
