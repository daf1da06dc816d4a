#include <linux/mmlint_stub.h>
/*
 * null_local_join.c's shape with the pin taken by a helper that returns NULL or the pinned
 * member (6.12 drivers/misc/cxl/fault.c: `mm = get_mem_context(ctx); if (mm == NULL) {…
 * return; }` inside `if (!ctx->kernel)`): the local holds its own pin on one path and NULL
 * on the other, so the helper it is handed needs no more. A helper that returns the member
 * without a pin still leaves nothing pinned on the non-NULL path.
 */

struct ng_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	bool kernel;
	unsigned long addr;
};

int ng_bind(struct ng_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	return 0;
}

static struct mm_struct *ng_get_pinned(struct ng_ctx *c)
{
	if (c->mm == NULL)
		return NULL;
	if (!mmget_not_zero(c->mm))
		return NULL;
	return c->mm;
}

static struct mm_struct *ng_peek(struct ng_ctx *c)
{
	return c->mm;
}

static int ng_fault(struct mm_struct *mm, unsigned long addr)
{
	struct page *pg;

	if (!mm)
		return -EFAULT;
	return get_user_pages_remote(mm, addr, 1, FOLL_WRITE, &pg, NULL);
}

static void ng_work(struct work_struct *w)
{
	struct ng_ctx *c = container_of(w, struct ng_ctx, work);
	struct mm_struct *mm = NULL;

	if (!c->kernel) {
		mm = ng_get_pinned(c);
		if (mm == NULL) {
			pr_debug("no mm\n");
			return;
		} else {
			pr_debug("fault\n");
		}
	}
	ng_fault(mm, c->addr); /* ok: mmgrab-only-access */
	if (mm)
		mmput(mm);
}

static void ng_work_task(struct work_struct *w)
{
	struct ng_ctx *c = container_of(w, struct ng_ctx, work);
	struct mm_struct *mm;

	mm = NULL;
	if (!c->kernel && !(mm = ng_get_pinned(c)))
		return;
	ng_fault(mm, c->addr); /* ok: mmgrab-only-access */
	if (mm)
		mmput(mm);
}

static void ng_work_peek(struct work_struct *w)
{
	struct ng_ctx *c = container_of(w, struct ng_ctx, work);
	struct mm_struct *mm = NULL;

	if (!c->kernel) {
		mm = ng_peek(c);
		if (!mm)
			return;
	}
	ng_fault(mm, c->addr); /* expect: mmgrab-only-access */
}

void ng_init(struct ng_ctx *c)
{
	INIT_WORK(&c->work, ng_work);
	INIT_WORK(&c->work, ng_work_task);
	INIT_WORK(&c->work, ng_work_peek);
}
