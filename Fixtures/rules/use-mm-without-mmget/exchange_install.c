#include <linux/mmlint_stub.h>
/*
 * A holder installed with an atomic exchange (`old = xchg(&c->mm, mm)`, `cmpxchg(&c->mm,
 * NULL, mm)`): every architecture writes the exchange in assembly, so the store is read from
 * the vocabulary's exchange_stores. A member installed that way under mmgrab() only holds
 * mm_count; one installed from get_task_mm() holds mm_users.
 */

struct xi_ctx {
	struct mm_struct *mm;		/* mmgrab(), installed by xchg() */
	struct work_struct work;
	unsigned long addr;
};

static void xi_set_owner(struct xi_ctx *c)
{
	struct mm_struct *old;

	mmgrab(current->mm);
	old = xchg(&c->mm, current->mm);
	if (old)
		mmdrop(old);
}

static void xi_work(struct work_struct *work)
{
	struct xi_ctx *c = container_of(work, struct xi_ctx, work);

	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget installed by exchange with a count only */
	kthread_unuse_mm(c->mm);
}

struct xw_ctx {
	struct mm_struct *mm;		/* mmgrab(), WARN_ON(xchg()) */
	struct work_struct work;
};

static void xw_set_owner(struct xw_ctx *c)
{
	struct mm_struct *mm = current->mm;

	mmgrab(mm);
	WARN_ON(xchg(&c->mm, mm));
}

static void xw_work(struct work_struct *work)
{
	struct xw_ctx *c = container_of(work, struct xw_ctx, work);

	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
}

struct xc_ctx {
	struct mm_struct *mm;		/* mmgrab(), installed once by cmpxchg() */
	struct work_struct work;
	unsigned long addr;
};

static int xc_set_owner(struct xc_ctx *c)
{
	mmgrab(current->mm);
	if (cmpxchg(&c->mm, NULL, current->mm)) {
		mmdrop(current->mm);
		return -EBUSY;
	}
	return 0;
}

static void xc_work(struct work_struct *work)
{
	struct xc_ctx *c = container_of(work, struct xc_ctx, work);
	struct page *page;

	mmap_read_lock(c->mm);
	if (get_user_pages_remote(c->mm, c->addr, 1, 0, &page, NULL) == 1) /* expect: mmgrab-only-access */
		put_page(page);
	mmap_read_unlock(c->mm);
}

struct xu_ctx {
	struct mm_struct *mm;		/* get_task_mm(), installed by xchg() */
	struct work_struct work;
};

static int xu_set_owner(struct xu_ctx *c, struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);
	struct mm_struct *old;

	if (!mm)
		return -ESRCH;
	old = xchg(&c->mm, mm);
	if (old)
		mmput(old);
	return 0;
}

static void xu_work(struct work_struct *work)
{
	struct xu_ctx *c = container_of(work, struct xu_ctx, work);

	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget the member holds users */
	kthread_unuse_mm(c->mm);
}
