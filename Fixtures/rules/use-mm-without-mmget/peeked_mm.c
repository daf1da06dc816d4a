#include <linux/mmlint_stub.h>
/*
 * get_task_mm() used only to read the pointer: the mm is stored in the object and the users
 * reference dropped on every path after the store, so the member keeps no reference at all and
 * a later borrow (or address-space operation) runs on an mm that may be torn down and freed.
 * Spelled through the local the reference was taken into and directly on the member. Not
 * reported: the reference dropped only on the error path that discards the object, and a
 * stored reference kept (dropped at release).
 */

struct pk_ctx {
	struct mm_struct *mm;
	struct task_struct *kt;
	struct work_struct work;
	unsigned long addr;
};

static int pk_thread(void *data)
{
	struct pk_ctx *c = data;

	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
	return 0;
}

int pk_start(struct pk_ctx *c)
{
	struct mm_struct *mm = get_task_mm(current);

	if (!mm)
		return -ESRCH;
	c->mm = mm;
	mmput(mm);
	c->kt = kthread_run(pk_thread, c, "pk");
	return 0;
}

struct pd_ctx {
	struct mm_struct *mm;
	struct task_struct *kt;
};

static int pd_thread(void *data)
{
	struct pd_ctx *c = data;

	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
	return 0;
}

int pd_start(struct pd_ctx *c, struct task_struct *t)
{
	c->mm = get_task_mm(t);
	if (!c->mm)
		return -ESRCH;
	mmput(c->mm);
	c->kt = kthread_run(pd_thread, c, "pd");
	return 0;
}

/* kept: dropped only where the object is discarded */
struct pe_ctx {
	struct mm_struct *mm;
	struct task_struct *kt;
};

static int pe_thread(void *data)
{
	struct pe_ctx *c = data;

	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
	return 0;
}

int pe_start(struct pe_ctx *c)
{
	struct mm_struct *mm = get_task_mm(current);

	if (!mm)
		return -ESRCH;
	c->mm = mm;
	c->kt = kthread_run(pe_thread, c, "pe");
	if (IS_ERR(c->kt)) {
		mmput(mm);
		c->mm = NULL;
		return PTR_ERR(c->kt);
	}
	return 0;
}

void pe_stop(struct pe_ctx *c)
{
	kthread_stop(c->kt);
	mmput(c->mm);
}

/* dropped before it is stored: the pointer alone is kept */
struct pb_ctx {
	struct mm_struct *mm;
	struct task_struct *kt;
};

static int pb_thread(void *data)
{
	struct pb_ctx *c = data;

	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
	return 0;
}

int pb_start(struct pb_ctx *c, struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	mmput(mm);
	c->mm = mm;
	c->kt = kthread_run(pb_thread, c, "pb");
	return 0;
}

/*
 * cxl's shape (drivers/misc/cxl/file.c): a helper of the object takes mm_count between the store
 * and the drop (`if (c->mm) mmgrab(c->mm);`), so the member holds mmgrab() only: borrowing it
 * for a kthread is the use-mm error (the helper's mmgrab() on arg->mm is read at the store).
 * Its fault path (fault.c:275, a NULL local on the kernel path joined with a helper's pinned
 * result) is mmgrab-only-access/null_local_getter.c.
 */
struct px_ctx {
	struct mm_struct *mm;
	struct task_struct *kt;
};

static void px_mm_count_get(struct px_ctx *c)
{
	if (c->mm)
		mmgrab(c->mm);
}

static int px_thread(void *data)
{
	struct px_ctx *c = data;

	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
	return 0;
}

int px_start(struct px_ctx *c)
{
	c->mm = get_task_mm(current);
	px_mm_count_get(c);
	if (c->mm)
		mmput(c->mm);
	c->kt = kthread_run(px_thread, c, "px");
	return 0;
}
