#include <linux/mmlint_stub.h>
/*
 * A helper whose true result implies current->mm == NULL while its false result proves
 * nothing: it also returns false on a path that tested something else (io_uring's 5.9
 * io_sq_thread_acquire_mm() decided on its ring flags, then on !current->mm). Its caller
 * borrowing on the true side takes "no mm" for "kernel thread" all the same. The helper that
 * tests PF_KTHREAD first is the right test spelled out; a helper that only sometimes decides
 * is no proof of a non-NULL mm for the register direction. A helper returning constants is
 * judged by what the paths returning the compared constant decided (a switch on it).
 */

struct hi_ctx {
	struct mm_struct *mm;
	unsigned int flags;
};

#define HI_SQPOLL	1

static bool hi_no_mm(void)
{
	if (current->flags & PF_USER_WORKER)
		return false;
	return !current->mm;
}

int hi_access(struct hi_ctx *c)
{
	if (hi_no_mm()) /* expect: kthread-test-by-null-mm */
		kthread_use_mm(c->mm);
	else if (current->mm != c->mm)
		return -EPERM;
	return 0;
}

static bool hi_sq_thread(struct hi_ctx *c)
{
	if (!(c->flags & HI_SQPOLL))
		return false;
	return current->mm == NULL;
}

int hi_sq_acquire(struct hi_ctx *c)
{
	if (!hi_sq_thread(c)) /* expect: kthread-test-by-null-mm */
		return 0;
	if (!mmget_not_zero(c->mm))
		return -EFAULT;
	kthread_use_mm(c->mm);
	return 0;
}

static bool hi_is_kthread(void)
{
	if (!(current->flags & PF_KTHREAD))
		return false;
	return !current->mm;
}

int hi_access_ok(struct hi_ctx *c)
{
	if (hi_is_kthread()) /* ok: kthread-test-by-null-mm (the helper tests PF_KTHREAD) */
		kthread_use_mm(c->mm);
	else if (current->mm != c->mm)
		return -EPERM;
	return 0;
}

/* A classifier switched on: the arm its "no mm" constant selects borrows. */
enum hi_kind { HI_WORKER, HI_NOMM, HI_USER };

static enum hi_kind hi_classify(void)
{
	if (current->flags & PF_USER_WORKER)
		return HI_WORKER;
	if (!current->mm)
		return HI_NOMM;
	return HI_USER;
}

int hi_rw(struct hi_ctx *c)
{
	switch (hi_classify()) { /* expect: kthread-test-by-null-mm */
	case HI_NOMM:
		if (!mmget_not_zero(c->mm))
			return -EFAULT;
		kthread_use_mm(c->mm);
		kthread_unuse_mm(c->mm);
		mmput(c->mm);
		return 0;
	default:
		return current->mm == c->mm ? 0 : -EPERM;
	}
}

/* Compared with the user constant: its other side is not "no mm" alone (workers): quiet. */
int hi_rw_user(struct hi_ctx *c)
{
	if (hi_classify() == HI_USER) /* ok: kthread-test-by-null-mm (the false side holds workers too) */
		return current->mm == c->mm ? 0 : -EPERM;
	return 0;
}
