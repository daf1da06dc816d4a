#include <linux/mmlint_stub.h>
/*
 * Wrappers that take the object, not the mm, and drop the reference its member holds on every
 * path: one level (mmput(r->mm) inside), two levels (a wrapper of mmput() inside), mm_count
 * (mmdrop). A call of one drops `arg->member`: the path that then returns keeps nothing (no
 * leak), and a drop of the member after it is a second drop.
 */

struct ow_req {
	struct task_struct *task;
	struct mm_struct *mm;
	int status;
	unsigned long addr;
	struct page *pg;
};

static void ow_put_mm(struct mm_struct *mm)
{
	mmput(mm);
}

/* Two levels: the object wrapper calls the mm wrapper. */
static void ow_unpin(struct ow_req *r)
{
	ow_put_mm(r->mm);
	r->status = -1;
}

/* One level: mmput() of the member. */
static void ow_unpin_direct(struct ow_req *r)
{
	mmput(r->mm);
	r->status = -1;
}

int ow_fill(struct ow_req *r)
{
	long n;

	r->mm = get_task_mm(r->task);
	if (!r->mm)
		return -ESRCH;
	n = get_user_pages_remote(r->mm, r->addr, 1, 0, &r->pg, NULL);
	if (n != 1) {
		ow_unpin(r);
		return -EFAULT; /* ok: mm-ref-imbalance */
	}
	put_page(r->pg);
	mmput(r->mm); /* ok: mm-ref-imbalance */
	return 0;
}

int ow_fill_twice(struct ow_req *r)
{
	long n;

	r->mm = get_task_mm(r->task);
	if (!r->mm)
		return -ESRCH;
	n = get_user_pages_remote(r->mm, r->addr, 1, 0, &r->pg, NULL);
	if (n != 1) {
		ow_unpin_direct(r);
		goto out;
	}
	put_page(r->pg);
out:
	mmput(r->mm); /* expect: mm-ref-imbalance */
	return n == 1 ? 0 : -EFAULT;
}

int ow_fill_twice_deep(struct ow_req *r)
{
	long n;

	r->mm = get_task_mm(r->task);
	if (!r->mm)
		return -ESRCH;
	n = get_user_pages_remote(r->mm, r->addr, 1, 0, &r->pg, NULL);
	if (n != 1)
		ow_unpin(r);
	else
		put_page(r->pg);
	mmput(r->mm); /* expect: mm-ref-imbalance */
	return n == 1 ? 0 : -EFAULT;
}

/* mm_count, kept in the object: the release drops it through the wrapper, then again. */
struct ow_ctx {
	struct mm_struct *mm;
	int id;
};

static void ow_ctx_drop(struct ow_ctx *c)
{
	mmdrop(c->mm);
}

void ow_ctx_release(struct ow_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	ow_ctx_drop(c);
	mmdrop(c->mm); /* expect: mm-ref-imbalance */
}

/* Dropped on one path only: not a wrapper that drops; the caller's own put is its only one. */
static void ow_maybe_unpin(struct ow_req *r)
{
	if (r->status < 0)
		mmput(r->mm);
}

int ow_fill_maybe(struct ow_req *r)
{
	r->mm = get_task_mm(r->task);
	if (!r->mm)
		return -ESRCH;
	r->status = 0;
	ow_maybe_unpin(r);
	mmput(r->mm); /* ok: mm-ref-imbalance */
	return 0;
}
