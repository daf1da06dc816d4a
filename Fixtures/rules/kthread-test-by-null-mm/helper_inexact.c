#include <linux/mmlint_stub.h>
/*
 * A helper whose true result implies current->mm == NULL while its false result proves
 * nothing: it also returns false on a path that tested something else (io_uring's 5.9
 * io_sq_thread_acquire_mm() decided on its ring flags, then on !current->mm). Its caller
 * borrowing on the true side takes "no mm" for "kernel thread" all the same. The helper that
 * tests PF_KTHREAD first is the right test spelled out; a helper that only sometimes decides
 * is no proof of a non-NULL mm for the register direction.
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
