#include <linux/mmlint_stub.h>
/*
 * mm-ref-imbalance: a helper that fills its caller's arguments struct (`a->mm =
 * get_task_mm(t)`) hands the reference to the caller when the struct is the caller's own
 * local: the caller holds mm_users where the helper succeeded and must mmput(args.mm) on every
 * path after it. Spellings: a 0-or-errno helper, a bool helper, a member two levels down. A
 * helper filling a long-lived object the caller was passed (`ctx->mm`) stores the reference
 * there: that object owns it, nothing is reported in the caller.
 */

struct mo_args {
	struct mm_struct *mm;
	unsigned long start;
	unsigned long npages;
};

static int mo_prepare(struct mo_args *a, struct task_struct *t, unsigned long start)
{
	a->mm = get_task_mm(t);
	if (!a->mm)
		return -ESRCH;
	a->start = start;
	a->npages = 1;
	return 0;
}

int mo_pin_leaks(struct task_struct *t, unsigned long start, struct page **pages)
{
	struct mo_args args;
	long ret;
	int err;

	err = mo_prepare(&args, t, start);
	if (err)
		return err;
	if (!pages)
		return -EINVAL; /* expect: mm-ref-imbalance the error return forgets the reference */
	mmap_read_lock(args.mm);
	ret = pin_user_pages_remote(args.mm, args.start, args.npages, FOLL_WRITE, pages, NULL);
	mmap_read_unlock(args.mm);
	mmput(args.mm);
	return ret < 0 ? ret : 0;
}

int mo_pin_ok(struct task_struct *t, unsigned long start, struct page **pages)
{
	struct mo_args args;
	long ret;
	int err;

	err = mo_prepare(&args, t, start);
	if (err)
		return err;
	if (!pages) {
		ret = -EINVAL;
		goto out_put;
	}
	mmap_read_lock(args.mm);
	ret = pin_user_pages_remote(args.mm, args.start, args.npages, FOLL_WRITE, pages, NULL);
	mmap_read_unlock(args.mm);
out_put:
	mmput(args.mm); /* ok: mm-ref-imbalance every path after the helper puts it */
	return ret < 0 ? ret : 0;
}

/* A bool helper: the reference is held on its true side. */
struct mo_walk {
	int flags;
	struct mo_args in;
};

static bool mo_grab(struct mo_walk *w, struct task_struct *t)
{
	w->in.mm = get_task_mm(t);
	return w->in.mm != NULL;
}

int mo_walk_leaks(struct mo_walk *unused, struct task_struct *t, int flags)
{
	struct mo_walk w;

	if (!mo_grab(&w, t))
		return -ESRCH;
	if (flags & ~1)
		return -EINVAL; /* expect: mm-ref-imbalance the bad flags return forgets it */
	w.flags = flags;
	mmput(w.in.mm);
	return 0;
}

int mo_walk_ok(struct task_struct *t, int flags)
{
	struct mo_walk w;
	int ret = 0;

	if (!mo_grab(&w, t))
		return -ESRCH;
	if (flags & ~1)
		ret = -EINVAL;
	else
		w.flags = flags;
	mmput(w.in.mm); /* ok: mm-ref-imbalance both sides put it */
	return ret;
}

/* A long-lived context the caller was handed keeps the reference: released at teardown. */
struct mo_ctx {
	struct mm_struct *mm;
	int users;
};

static int mo_ctx_attach(struct mo_ctx *ctx, struct task_struct *t)
{
	ctx->mm = get_task_mm(t);
	if (!ctx->mm)
		return -ESRCH;
	return 0;
}

int mo_ctx_open(struct mo_ctx *ctx, struct task_struct *t)
{
	int err = mo_ctx_attach(ctx, t);

	if (err)
		return err;
	ctx->users = 1;
	return 0; /* ok: mm-ref-imbalance the context owns it until release */
}

void mo_ctx_release(struct mo_ctx *ctx)
{
	mmput(ctx->mm);
	ctx->mm = NULL;
}
