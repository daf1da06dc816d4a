#include <linux/mmlint_stub.h>
/*
 * A request or job copies its context's mm member with no reference of its own
 * (`job->mm = ctx->mm`): the job's member holds what the context's holds. A context
 * that keeps mm_count only makes every such job a mmgrab-only holder; one that keeps
 * mm_users (or a copy taken under mmget_not_zero()) does not.
 */

struct ch_ctx {
	struct mm_struct *mm;		/* mmgrab() only */
};

struct ch_owner {
	struct mm_struct *mm;		/* get_task_mm(): mm_users */
};

struct ch_job {
	struct mm_struct *mm;
	struct work_struct work;
	u32 __user *p;
};

struct ch_job_local {
	struct mm_struct *mm;
	struct work_struct work;
	u32 __user *p;
};

struct ch_job_pinned {
	struct mm_struct *mm;
	struct work_struct work;
	u32 __user *p;
};

struct ch_job_users {
	struct mm_struct *mm;
	struct work_struct work;
	u32 __user *p;
};

int ch_open(struct ch_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	return 0;
}

int ch_owner_open(struct ch_owner *o)
{
	o->mm = get_task_mm(current);
	return o->mm ? 0 : -ESRCH;
}

/* 1. copied straight from the grab-only member */
static void ch_work(struct work_struct *w)
{
	struct ch_job *j = container_of(w, struct ch_job, work);

	kthread_use_mm(j->mm); /* expect: use-mm-without-mmget */
	put_user(1, j->p);
	kthread_unuse_mm(j->mm);
}

int ch_submit(struct ch_ctx *c, struct ch_job *j)
{
	j->mm = c->mm;
	INIT_WORK(&j->work, ch_work);
	schedule_work(&j->work);
	return 0;
}

/* 2. through a local */
static void ch_work_local(struct work_struct *w)
{
	struct ch_job_local *j = container_of(w, struct ch_job_local, work);

	kthread_use_mm(j->mm); /* expect: use-mm-without-mmget */
	put_user(2, j->p);
	kthread_unuse_mm(j->mm);
}

int ch_submit_local(struct ch_ctx *c, struct ch_job_local *j)
{
	struct mm_struct *mm = c->mm;

	j->mm = mm;
	INIT_WORK(&j->work, ch_work_local);
	schedule_work(&j->work);
	return 0;
}

/* 3. fixed: the copy carries a pin taken at submit, dropped by the work */
static void ch_work_pinned(struct work_struct *w)
{
	struct ch_job_pinned *j = container_of(w, struct ch_job_pinned, work);

	kthread_use_mm(j->mm); /* ok: use-mm-without-mmget */
	put_user(3, j->p);
	kthread_unuse_mm(j->mm);
	mmput(j->mm);
}

int ch_submit_pinned(struct ch_ctx *c, struct ch_job_pinned *j)
{
	if (!mmget_not_zero(c->mm))
		return -ESRCH;
	j->mm = c->mm;
	INIT_WORK(&j->work, ch_work_pinned);
	schedule_work(&j->work);
	return 0;
}

/* 4. a copy of a member that keeps mm_users */
static void ch_work_users(struct work_struct *w)
{
	struct ch_job_users *j = container_of(w, struct ch_job_users, work);

	kthread_use_mm(j->mm); /* ok: use-mm-without-mmget */
	put_user(4, j->p);
	kthread_unuse_mm(j->mm);
}

int ch_submit_users(struct ch_owner *o, struct ch_job_users *j)
{
	j->mm = o->mm;
	INIT_WORK(&j->work, ch_work_users);
	schedule_work(&j->work);
	return 0;
}
