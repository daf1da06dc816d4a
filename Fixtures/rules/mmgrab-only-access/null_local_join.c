#include <linux/mmlint_stub.h>
/*
 * A local that is NULL on one path and the pinned member on the other (cxl's kernel contexts:
 * `mm = NULL; if (!ctx->kernel) mm = <pinned ctx->mm>;`), then handed to a helper that needs
 * users on it and tests it for NULL first: a NULL mm needs no pin, and on the other path the
 * pin holds. Not reported (it was, as an mmgrab-only access, before the join kept the pin for
 * the local). The member used directly after that join is still reported: on the NULL path
 * nothing pinned it.
 */

struct nl_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	bool kernel;
	unsigned long addr;
};

int nl_bind(struct nl_ctx *c)
{
	c->mm = current->mm;
	mmgrab(c->mm);
	return 0;
}

static int nl_fault(struct mm_struct *mm, unsigned long addr)
{
	struct page *pg;

	if (!mm)
		return -EFAULT;
	return get_user_pages_remote(mm, addr, 1, FOLL_WRITE, &pg, NULL);
}

static void nl_work(struct work_struct *w)
{
	struct nl_ctx *c = container_of(w, struct nl_ctx, work);
	struct mm_struct *mm = NULL;

	if (!c->kernel) {
		if (!mmget_not_zero(c->mm))
			return;
		mm = c->mm;
	}
	nl_fault(mm, c->addr); /* ok: mmgrab-only-access */
	if (mm)
		mmput(mm);
}

static void nl_work_direct(struct work_struct *w)
{
	struct nl_ctx *c = container_of(w, struct nl_ctx, work);
	struct mm_struct *mm = NULL;

	if (!c->kernel) {
		if (!mmget_not_zero(c->mm))
			return;
		mm = c->mm;
	}
	nl_fault(c->mm, c->addr); /* expect: mmgrab-only-access */
	if (mm)
		mmput(mm);
}

void nl_init(struct nl_ctx *c)
{
	INIT_WORK(&c->work, nl_work);
	INIT_WORK(&c->work, nl_work_direct);
}
