#include <linux/mmlint_stub.h>
/*
 * Known misses found by respelling probes (twenty-ninth/thirtieth sessions), kept as todo lines
 * until the analysis reads them:
 * - a holder installed with xchg() (`mmgrab(mm); WARN_ON(xchg(&c->mm, mm));`): the store is
 *   the arch's xchg() (inline asm or a builtin), not an assignment, so the member's holder table
 *   never sees it;
 * - thread data handed through a driver's wrapper around kthread_run() (`tw_spawn(fn, mm,
 *   name)` returning `kthread_run(fn, data, name)`): callback_data names the kernel's calls
 *   only, not the tree's wrappers of them.
 */

struct xd_ctx {
	struct mm_struct *mm;
	struct work_struct work;
};

static void xd_set_owner(struct xd_ctx *c)
{
	struct mm_struct *mm = current->mm;

	mmgrab(mm);
	WARN_ON(xchg(&c->mm, mm));
}

static void xd_work(struct work_struct *work)
{
	struct xd_ctx *c = container_of(work, struct xd_ctx, work);

	kthread_use_mm(c->mm); /* todo: use-mm-without-mmget grab only member installed by xchg */
	kthread_unuse_mm(c->mm);
}

static struct task_struct *tw_spawn(int (*fn)(void *), void *data, const char *name)
{
	return kthread_run(fn, data, name);
}

static int tw_thread(void *data)
{
	struct mm_struct *mm = data;

	kthread_use_mm(mm); /* todo: use-mm-without-mmget grab only data through a spawn wrapper */
	put_user(1, (int __user *)0x1000);
	kthread_unuse_mm(mm);
	mmdrop(mm);
	return 0;
}

int xd_start(struct xd_ctx *c)
{
	xd_set_owner(c);
	INIT_WORK(&c->work, xd_work);
	schedule_work(&c->work);
	mmgrab(current->mm);
	if (IS_ERR(tw_spawn(tw_thread, current->mm, "tw"))) {
		mmdrop(current->mm);
		return -ENOMEM;
	}
	return 0;
}
