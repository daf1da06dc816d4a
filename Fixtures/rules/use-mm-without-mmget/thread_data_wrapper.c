#include <linux/mmlint_stub.h>
/*
 * Thread data handed through a driver's own wrapper of kthread_run() (`static struct
 * task_struct *tw_spawn(int (*fn)(void *), void *data, const char *name) { return
 * kthread_run(fn, data, name); }`): the wrapper's callback and data parameters are the start's,
 * so the thread's data parameter holds what the wrapper's caller held on it — mm_count only
 * here (reported), a get_task_mm() reference there (quiet). Once a todo (the twenty-ninth
 * session's respelling probes).
 */

static struct task_struct *tw_spawn(int (*fn)(void *), void *data, const char *name)
{
	return kthread_run(fn, data, name);
}

static int tw_thread(void *data)
{
	struct mm_struct *mm = data;

	kthread_use_mm(mm); /* expect: use-mm-without-mmget grab only data through a spawn wrapper */
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

static int tw_pinned_thread(void *data)
{
	struct mm_struct *mm = data;

	kthread_use_mm(mm); /* ok: use-mm-without-mmget the starter handed a users reference */
	put_user(1, (int __user *)0x1000);
	kthread_unuse_mm(mm);
	mmput(mm);
	return 0;
}

int tw_start_pinned(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	if (IS_ERR(tw_spawn(tw_pinned_thread, mm, "twp"))) {
		mmput(mm);
		return -ENOMEM;
	}
	return 0;
}
