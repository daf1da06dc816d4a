#include <linux/mmlint_stub.h>
/*
 * A helper that hands its caller the reference get_task_mm() took — directly,
 * through a local, beside an error-pointer return — is an acquisition in the
 * caller. Known gap (todo): a reference handed back through an out-parameter.
 */

static struct mm_struct *wr_get(struct task_struct *t)
{
	return get_task_mm(t);
}

static struct mm_struct *wr_get_or_err(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return ERR_PTR(-ESRCH);
	return mm;
}

int wr_leak(struct task_struct *t, void *buf, int len)
{
	struct mm_struct *mm = wr_get(t);
	int ret;

	if (!mm)
		return -ESRCH;
	if (len > 64)
		return -EINVAL; /* expect: mm-ref-imbalance */
	ret = access_remote_vm(mm, 0, buf, len, 0);
	mmput(mm);
	return ret;
}

int wr_err_leak(struct task_struct *t, void *buf, int len)
{
	struct mm_struct *mm = wr_get_or_err(t);
	int ret;

	if (IS_ERR(mm))
		return PTR_ERR(mm);
	if (len > 64)
		return -EINVAL; /* expect: mm-ref-imbalance */
	ret = access_remote_vm(mm, 0, buf, len, 0);
	mmput(mm); /* ok: mm-ref-imbalance */
	return ret;
}

static int wr_get_out(struct task_struct *t, struct mm_struct **out)
{
	*out = get_task_mm(t);
	return *out ? 0 : -ESRCH;
}

int wr_out_leak(struct task_struct *t, void *buf, int len)
{
	struct mm_struct *mm;
	int ret = wr_get_out(t, &mm);

	if (ret)
		return ret;
	if (len > 64)
		return -EINVAL; /* todo: mm-ref-imbalance */
	ret = access_remote_vm(mm, 0, buf, len, 0);
	mmput(mm);
	return ret;
}
