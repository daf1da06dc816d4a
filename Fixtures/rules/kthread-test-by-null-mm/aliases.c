#include <linux/mmlint_stub.h>
/*
 * The test through aliases: the running task's mm copied into a local, and
 * the running task itself kept in a local. Quiet: a task local that may be
 * another task.
 */

int ka_mm_local(struct mm_struct *mm, u32 __user *p)
{
	struct mm_struct *cur = current->mm; /* expect: kthread-test-by-null-mm */
	int ret;

	if (!cur)
		kthread_use_mm(mm);
	else if (cur != mm)
		return -EPERM;
	ret = put_user(1, p);
	if (!cur)
		kthread_unuse_mm(mm);
	return ret;
}

int ka_task_local(struct mm_struct *mm, u32 __user *p)
{
	struct task_struct *tsk = current;
	int ret;

	if (!tsk->mm) { /* expect: kthread-test-by-null-mm */
		kthread_use_mm(mm);
		ret = put_user(1, p);
		kthread_unuse_mm(mm);
		return ret;
	}
	if (tsk->mm != mm)
		return -EPERM;
	return put_user(1, p);
}

int ka_other_task(struct task_struct *t, struct mm_struct *mm, u32 __user *p)
{
	struct task_struct *tsk = t ? t : current;
	int ret;

	if (!tsk->mm) { /* ok: kthread-test-by-null-mm */
		kthread_use_mm(mm);
		ret = put_user(1, p);
		kthread_unuse_mm(mm);
		return ret;
	}
	return -EINVAL;
}
