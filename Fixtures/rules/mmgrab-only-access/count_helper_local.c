#include <linux/mmlint_stub.h>
/*
 * A helper of the tree that returns the mm with the mm_count it took (get_task_mm(), then
 * mmgrab() and mmput(): fs/proc/base.c proc_mem_open()'s conversion) fills a member that holds
 * mm_count only — stored directly (`c->mm = cl_grab(t);`) or through a local assigned once from
 * it and tested first (`mm = cl_grab(t); if (!mm) return -ESRCH; c->mm = mm;`). A worker that
 * touches the address space through the member without mmget_not_zero() is reported; the twin
 * that pins first is quiet.
 */

struct cl_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long addr;
	int val;
};

static struct mm_struct *cl_grab(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return NULL;
	mmgrab(mm);
	mmput(mm);
	return mm;
}

int cl_bind_local(struct cl_ctx *c, struct task_struct *t)
{
	struct mm_struct *mm = cl_grab(t);

	if (!mm)
		return -ESRCH;
	c->mm = mm;
	return 0;
}

static void cl_work(struct work_struct *w)
{
	struct cl_ctx *c = container_of(w, struct cl_ctx, work);

	access_remote_vm(c->mm, c->addr, &c->val, sizeof(c->val), 0); /* expect: mmgrab-only-access */
}

static void cl_work_pinned(struct work_struct *w)
{
	struct cl_ctx *c = container_of(w, struct cl_ctx, work);

	if (!mmget_not_zero(c->mm))
		return;
	access_remote_vm(c->mm, c->addr, &c->val, sizeof(c->val), 0); /* ok: mmgrab-only-access */
	mmput(c->mm);
}

void cl_start(struct cl_ctx *c, bool pinned)
{
	INIT_WORK(&c->work, pinned ? cl_work_pinned : cl_work);
	schedule_work(&c->work);
}

/* The direct spelling of the store. */
struct cd_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long addr;
	int val;
};

int cd_bind(struct cd_ctx *c, struct task_struct *t)
{
	c->mm = cl_grab(t);
	return c->mm ? 0 : -ESRCH;
}

static void cd_work(struct work_struct *w)
{
	struct cd_ctx *c = container_of(w, struct cd_ctx, work);

	access_remote_vm(c->mm, c->addr, &c->val, sizeof(c->val), 0); /* expect: mmgrab-only-access */
}

void cd_start(struct cd_ctx *c)
{
	INIT_WORK(&c->work, cd_work);
	schedule_work(&c->work);
}
