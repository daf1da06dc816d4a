#include <linux/mmlint_stub.h>
/*
 * Replay's context from a stored or returned "current->mm is NULL": the borrow below has no
 * caller or registration in view, but its path requires current->mm == NULL through a value
 * (a bool of any name, a helper's return), so it runs in a kernel thread, and the owner's
 * exit races it. Replay must confirm with a two-CPU witness, as for a spelled test.
 */

struct kb_dev {
	struct mm_struct *mm;		/* mmgrab() only */
	int __user *uptr;
};

int kb_open(struct kb_dev *d)
{
	d->mm = current->mm;
	mmgrab(d->mm);
	return 0;
}

int kb_write_stored(struct kb_dev *d, int v)
{
	bool remote = !current->mm; /* expect: kthread-test-by-null-mm */

	if (!remote)
		return put_user(v, d->uptr);
	kthread_use_mm(d->mm); /* expect: use-mm-without-mmget replay=confirmed */
	put_user(v, d->uptr);
	kthread_unuse_mm(d->mm);
	return 0;
}

static bool kb_in_worker(void)
{
	if (current->mm)
		return false;
	return true;
}

int kb_write_returned(struct kb_dev *d, int v)
{
	if (!kb_in_worker()) /* expect: kthread-test-by-null-mm */
		return put_user(v, d->uptr);
	kthread_use_mm(d->mm); /* expect: use-mm-without-mmget replay=confirmed */
	put_user(v, d->uptr);
	kthread_unuse_mm(d->mm);
	return 0;
}
