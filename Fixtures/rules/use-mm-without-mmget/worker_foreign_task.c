#include <linux/mmlint_stub.h>
/*
 * Another task's ->mm used with no reference at all, in a function that runs in a worker or
 * a kernel thread (its only parameter a struct work_struct *, or registered with kthread_run):
 * there no task's ->mm is the running task's own, so nothing pins it. A reference taken on
 * any path (mmget() under task_lock, get_task_mm()) is the function's own protocol: quiet.
 * The same read in a function that may run in the owner's syscall stays unjudged.
 */

struct wf_ctx {
	struct task_struct *owner;
	struct work_struct work;
	unsigned long addr;
	u32 __user *p;
};

/* 1. a work item borrows the owner's mm */
static void wf_work(struct work_struct *w)
{
	struct wf_ctx *c = container_of(w, struct wf_ctx, work);
	struct mm_struct *mm = c->owner->mm;

	if (!mm)
		return;
	kthread_use_mm(mm); /* expect: use-mm-without-mmget */
	put_user(1, c->p);
	kthread_unuse_mm(mm);
}

void wf_queue(struct wf_ctx *c)
{
	INIT_WORK(&c->work, wf_work);
	schedule_work(&c->work);
}

/* 2. a kernel thread reads the owner's memory */
static int wf_thread(void *data)
{
	struct wf_ctx *c = data;
	int val;

	while (!kthread_should_stop()) {
		access_remote_vm(c->owner->mm, c->addr, &val, sizeof(val), 0); /* expect: mmgrab-only-access */
		schedule();
	}
	return 0;
}

int wf_start(struct wf_ctx *c)
{
	kthread_run(wf_thread, c, "wf");
	return 0;
}

/* 3. fixed: mmget() under task_lock (get_task_mm()'s protocol), on the paths that found one */
static void wf_work_fixed(struct work_struct *w)
{
	struct wf_ctx *c = container_of(w, struct wf_ctx, work);
	struct mm_struct *mm;

	task_lock(c->owner);
	mm = c->owner->mm;
	if (mm)
		mmget(mm);
	task_unlock(c->owner);
	if (!mm)
		return;
	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	put_user(3, c->p);
	kthread_unuse_mm(mm);
	mmput(mm);
}

/* 4. fixed: get_task_mm() */
static void wf_work_get(struct work_struct *w)
{
	struct wf_ctx *c = container_of(w, struct wf_ctx, work);
	struct mm_struct *mm = get_task_mm(c->owner);

	if (!mm)
		return;
	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	put_user(4, c->p);
	kthread_unuse_mm(mm);
	mmput(mm);
}

void wf_queue_fixed(struct wf_ctx *c)
{
	INIT_WORK(&c->work, wf_work_fixed);
	INIT_WORK(&c->work, wf_work_get);
	schedule_work(&c->work);
}

/* 5. an ioctl may run in the owner itself (c->owner == current): not judged */
long wf_ioctl(struct wf_ctx *c, unsigned long addr)
{
	int val;

	return access_remote_vm(c->owner->mm, addr, &val, sizeof(val), 0); /* ok: mmgrab-only-access */
}
