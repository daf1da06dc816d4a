#include <linux/mmlint_stub.h>
/*
 * A reference taken in an arm of ?: is the reference of the variable it is
 * stored in, on that arm's path (as with if/else): a later early return
 * leaks it. A ?: in a return hands the reference to the caller on its arm.
 */

int co_read(struct task_struct *t, bool want, void *buf, int len)
{
	struct mm_struct *mm = want ? get_task_mm(t) : NULL;
	int ret;

	if (!mm)
		return -ESRCH;
	if (len > 64)
		return -EINVAL; /* expect: mm-ref-imbalance */
	ret = access_remote_vm(mm, 0, buf, len, 0);
	mmput(mm);
	return ret;
}

int co_assign(struct task_struct *t, bool want, void *buf, int len)
{
	struct mm_struct *mm;
	int ret;

	mm = (want ? get_task_mm(t) : NULL);
	if (!mm)
		return -ESRCH;
	ret = access_remote_vm(mm, 0, buf, len, 0);
	mmput(mm); /* ok: mm-ref-imbalance */
	return ret;
}

static struct mm_struct *co_mm_or_err(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	return mm ? mm : ERR_PTR(-ESRCH); /* ok: mm-ref-imbalance */
}

int co_user(struct task_struct *t, void *buf, int len)
{
	struct mm_struct *mm = co_mm_or_err(t);
	int ret;

	if (IS_ERR(mm))
		return PTR_ERR(mm);
	ret = access_remote_vm(mm, 0, buf, len, 0);
	mmput(mm);
	return ret;
}
