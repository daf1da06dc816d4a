#include <linux/mmlint_stub.h>
/*
 * A "peek" getter: another task's ->mm returned with no reference (a cheap variant of DAMON's
 * damon_get_mm(), which returns get_task_mm()'s pin). The task comes from a pid lookup or the
 * tree's wrapper of one; the mm is read without task_lock() and nothing is taken: the task may
 * exit and drop its mm at any time. Its callers' address-space operations hold nothing.
 */

struct pk_target {
	struct pid *pid;
	unsigned long start;
};

extern const struct mm_walk_ops pk_walk_ops;

static struct task_struct *pk_task(struct pk_target *t)
{
	return get_pid_task(t->pid, PIDTYPE_PID);
}

static struct mm_struct *pk_peek_mm(struct pk_target *t)
{
	struct task_struct *task = pk_task(t);
	struct mm_struct *mm;

	if (!task)
		return NULL;
	mm = task->mm;
	put_task_struct(task);
	return mm;
}

static struct mm_struct *pk_peek_mm_direct(struct pk_target *t)
{
	struct task_struct *task = get_pid_task(t->pid, PIDTYPE_PID);
	struct mm_struct *mm = NULL;

	if (task) {
		task_lock(task);
		mm = task->mm;
		task_unlock(task);
		put_task_struct(task);
	}
	return mm;
}

/* The pinned form: get_task_mm() in the getter. */
static struct mm_struct *pk_get_mm(struct pk_target *t)
{
	struct task_struct *task = pk_task(t);
	struct mm_struct *mm;

	if (!task)
		return NULL;
	mm = get_task_mm(task);
	put_task_struct(task);
	return mm;
}

static void pk_walk(struct mm_struct *mm, unsigned long addr)
{
	mmap_read_lock(mm);
	walk_page_range(mm, addr, addr + PAGE_SIZE, &pk_walk_ops, NULL);
	mmap_read_unlock(mm);
}

void pk_sample(struct pk_target *t)
{
	struct mm_struct *mm = pk_peek_mm(t);

	if (!mm)
		return;
	pk_walk(mm, t->start); /* expect: mmgrab-only-access (the peek returns no reference) */
}

int pk_sample_direct(struct pk_target *t, void *buf, int len)
{
	struct mm_struct *mm = pk_peek_mm_direct(t);

	if (!mm)
		return -ESRCH;
	return access_remote_vm(mm, t->start, buf, len, 0); /* expect: mmgrab-only-access (unlocked before the return) */
}

void pk_sample_pinned(struct pk_target *t)
{
	struct mm_struct *mm = pk_get_mm(t);

	if (!mm)
		return;
	pk_walk(mm, t->start); /* ok: mmgrab-only-access (get_task_mm in the getter) */
	mmput(mm);
}
