#include <linux/mmlint_stub.h>
/*
 * The calling task's own mm kept in an object on its stack and borrowed by a worker the task
 * waits for (flush_work(), wait_for_completion()): the object dies when the function returns,
 * so the worker runs while the task, and the mm_users its mm has for it, is alive. The same
 * store into an object that outlives the call (kzalloc(), a member of a parameter) keeps no
 * reference, and a worker borrowing it is reported.
 */

/* ---- 1. on-stack work item, flushed ---- */
struct sb_sync_work {
	struct work_struct work;
	struct mm_struct *mm;
	u32 __user *uptr;
	int ret;
};

static void sb_sync_fn(struct work_struct *work)
{
	struct sb_sync_work *w = container_of(work, struct sb_sync_work, work);

	kthread_use_mm(w->mm); /* ok: use-mm-without-mmget the caller waits on the stack */
	w->ret = put_user(1, w->uptr);
	kthread_unuse_mm(w->mm);
}

long sb_sync_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct sb_sync_work w;

	w.mm = current->mm;
	w.uptr = (u32 __user *)arg;
	INIT_WORK(&w.work, sb_sync_fn);
	schedule_work(&w.work);
	flush_work(&w.work);
	return w.ret;
}

/* ---- 2. on-stack job with a completion, the mm through a local ---- */
struct sb_job {
	struct work_struct work;
	struct completion done;
	struct mm_struct *mm;
	u32 __user *uptr;
};

static void sb_job_fn(struct work_struct *work)
{
	struct sb_job *j = container_of(work, struct sb_job, work);

	kthread_use_mm(j->mm); /* ok: use-mm-without-mmget the caller waits for the completion */
	put_user(1, j->uptr);
	kthread_unuse_mm(j->mm);
	complete(&j->done);
}

int sb_job_run(u32 __user *uptr)
{
	struct mm_struct *mm = current->mm;
	struct sb_job job;

	job.mm = mm;
	job.uptr = uptr;
	init_completion(&job.done);
	INIT_WORK(&job.work, sb_job_fn);
	schedule_work(&job.work);
	wait_for_completion(&job.done);
	return 0;
}

/* ---- 3. the same store into an allocated object: nothing holds the mm ---- */
struct sb_async_work {
	struct work_struct work;
	struct mm_struct *mm;
	u32 __user *uptr;
};

static void sb_async_fn(struct work_struct *work)
{
	struct sb_async_work *w = container_of(work, struct sb_async_work, work);

	kthread_use_mm(w->mm); /* expect: use-mm-without-mmget the submitter may have exited */
	put_user(1, w->uptr);
	kthread_unuse_mm(w->mm);
	kfree(w);
}

int sb_async_submit(u32 __user *uptr)
{
	struct sb_async_work *w = kzalloc(sizeof(*w), GFP_KERNEL);

	if (!w)
		return -ENOMEM;
	w->mm = current->mm;
	w->uptr = uptr;
	INIT_WORK(&w->work, sb_async_fn);
	schedule_work(&w->work);
	return 0;
}

/* ---- 4. on the stack, but the mm is another object's grab-only member ---- */
struct sb_dev {
	struct mm_struct *mm;		/* mmgrab() at open */
};

struct sb_fwd_work {
	struct work_struct work;
	struct mm_struct *mm;
};

static void sb_fwd_fn(struct work_struct *work)
{
	struct sb_fwd_work *w = container_of(work, struct sb_fwd_work, work);

	kthread_use_mm(w->mm); /* expect: use-mm-without-mmget the device holds only a count */
	kthread_unuse_mm(w->mm);
}

void sb_dev_open(struct sb_dev *d)
{
	mmgrab(current->mm);
	d->mm = current->mm;
}

void sb_dev_sync(struct sb_dev *d)
{
	struct sb_fwd_work w;

	w.mm = d->mm;
	INIT_WORK(&w.work, sb_fwd_fn);
	schedule_work(&w.work);
	flush_work(&w.work);
}
