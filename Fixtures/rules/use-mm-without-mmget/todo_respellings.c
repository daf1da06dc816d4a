#include <linux/mmlint_stub.h>
/*
 * Known misses found by respelling probes (twenty-ninth/thirtieth sessions), kept as todo lines
 * until the analysis reads them (the xchg() install once here is read now: exchange_install.c):
 * - thread data handed through a driver's wrapper around kthread_run() (`tw_spawn(fn, mm,
 *   name)` returning `kthread_run(fn, data, name)`): callback_data names the kernel's calls
 *   only, not the tree's wrappers of them.
 */

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

int tw_start(void)
{
	mmgrab(current->mm);
	if (IS_ERR(tw_spawn(tw_thread, current->mm, "tw"))) {
		mmdrop(current->mm);
		return -ENOMEM;
	}
	return 0;
}
