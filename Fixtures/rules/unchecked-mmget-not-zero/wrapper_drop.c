#include <linux/mmlint_stub.h>
/*
 * The drop after a failed pin made through the driver's own wrapper of mmput()
 * (`static void foo_unpin(mm) { mmput(mm); }`): the wrapper drops mm_users on every path, so
 * calling it where mmget_not_zero() returned false underflows mm_users as mmput() would.
 */

struct wd_dev {
	struct mm_struct *mm;		/* mmgrab() only */
	unsigned long addr;
};

int wd_open(struct wd_dev *d)
{
	mmgrab(current->mm);
	d->mm = current->mm;
	return 0;
}

static void wd_unpin(struct mm_struct *mm)
{
	mmput(mm);
}

static void wd_unpin_verbose(struct wd_dev *d, int n)
{
	if (n < 0)
		pr_debug("wd: read failed\n");
	wd_unpin(d->mm);
}

/* 1. the classic `goto out` past the pin, through the wrapper */
int wd_read(struct wd_dev *d, void *buf)
{
	int n = -ESRCH;

	if (!mmget_not_zero(d->mm))
		goto out;
	n = access_remote_vm(d->mm, d->addr, buf, 8, 0);
out:
	wd_unpin(d->mm); /* expect: unchecked-mmget-not-zero */
	return n;
}

/* 2. fixed: the wrapper only where the pin was taken */
int wd_read_fixed(struct wd_dev *d, void *buf)
{
	int n;

	if (!mmget_not_zero(d->mm))
		return -ESRCH;
	n = access_remote_vm(d->mm, d->addr, buf, 8, 0);
	wd_unpin(d->mm); /* ok: unchecked-mmget-not-zero */
	return n;
}

/* 3. fixed, the pin kept in a local flag, the two-level wrapper */
int wd_read_flag(struct wd_dev *d, void *buf)
{
	bool pinned = mmget_not_zero(d->mm);
	int n = -ESRCH;

	if (pinned)
		n = access_remote_vm(d->mm, d->addr, buf, 8, 0);
	if (pinned)
		wd_unpin_verbose(d, n); /* ok: unchecked-mmget-not-zero */
	return n;
}
