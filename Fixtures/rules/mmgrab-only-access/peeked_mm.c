#include <linux/mmlint_stub.h>
/*
 * use-mm-without-mmget/peeked_mm.c's object reached from a work item: the mm was stored after
 * get_task_mm() and the reference dropped at once, so the member keeps none and the worker's
 * remote GUP runs on an address space exit_mmap() may be tearing down. Fixed: the worker pins
 * with mmget_not_zero() first.
 */

struct pw_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long addr;
};

static void pw_work(struct work_struct *w)
{
	struct pw_ctx *c = container_of(w, struct pw_ctx, work);
	struct page *pg;

	mmap_read_lock(c->mm);
	get_user_pages_remote(c->mm, c->addr, 1, FOLL_WRITE, &pg, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(c->mm);
}

static void pw_work_pinned(struct work_struct *w)
{
	struct pw_ctx *c = container_of(w, struct pw_ctx, work);
	struct page *pg;

	if (!mmget_not_zero(c->mm))
		return;
	mmap_read_lock(c->mm);
	get_user_pages_remote(c->mm, c->addr, 1, FOLL_WRITE, &pg, NULL); /* ok: mmgrab-only-access */
	mmap_read_unlock(c->mm);
	mmput(c->mm);
}

int pw_bind(struct pw_ctx *c)
{
	struct mm_struct *mm = get_task_mm(current);

	if (!mm)
		return -ESRCH;
	c->mm = mm;
	mmput(mm);
	INIT_WORK(&c->work, pw_work);
	INIT_WORK(&c->work, pw_work_pinned);
	return 0;
}
