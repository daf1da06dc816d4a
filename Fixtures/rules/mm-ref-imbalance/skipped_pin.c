#include <linux/mmlint_stub.h>
/*
 * A drop on a path that went around the function's own pin: vfio's lock accounting put the
 * mm whether or not it had pinned it (`if (async && !mmget_not_zero(mm)) return; … mmput(mm);`
 * drops, when !async, a reference someone else holds: an underflow). Spellings: a short
 * circuit before the pin, a plain branch around mmget(), a goto over the pin, mmgrab()
 * skipped before mmdrop(). The fixed forms test the same condition again before the drop
 * (a flag local, a stored test, a condition written twice), or put only where they pinned.
 * Not this bug: a drop of the old value before a new one is taken (`mmdrop(d->mm); d->mm =
 * mm; mmgrab(d->mm);`), and a drop after a failed pin (unchecked-mmget-not-zero's).
 */

DEFINE_GUARD(mutex, struct mutex *, mutex_lock(_T), mutex_unlock(_T))

struct sp_dma {
	struct mutex lock;
	struct mm_struct *mm;
	struct task_struct *task;
	unsigned int flags;
};

#define SP_BORROW	0x4

int sp_lock_acct(struct task_struct *task, struct mm_struct *mm, long npage);
void sp_work(struct mm_struct *mm);

int sp_acct_short_circuit(struct sp_dma *dma, long npage, bool async)
{
	struct mm_struct *mm = dma->mm;
	int ret;

	if (async && !mmget_not_zero(mm))
		return -ESRCH;
	ret = sp_lock_acct(dma->task, mm, npage);
	mmput(mm); /* expect: mm-ref-imbalance */
	return ret;
}

int sp_acct_fixed(struct sp_dma *dma, long npage, bool async)
{
	struct mm_struct *mm = dma->mm;
	int ret;

	if (async && !mmget_not_zero(mm))
		return -ESRCH;
	ret = sp_lock_acct(dma->task, mm, npage);
	if (async)
		mmput(mm); /* ok: mm-ref-imbalance */
	return ret;
}

void sp_extra_ref(struct sp_dma *dma, bool deferred)
{
	if (deferred)
		mmget(dma->mm); /* expect: mmget-on-unpinned-mm */
	sp_work(dma->mm);
	mmput(dma->mm); /* expect: mm-ref-imbalance */
}

int sp_goto_over_pin(struct sp_dma *dma, bool write)
{
	int ret = -EINVAL;

	if (!write)
		goto put;
	if (!mmget_not_zero(dma->mm))
		return -ESRCH;
	ret = sp_lock_acct(dma->task, dma->mm, 1);
put:
	mmput(dma->mm); /* expect: mm-ref-imbalance */
	return ret;
}

void sp_grab_skipped(struct sp_dma *dma, bool keep)
{
	struct mm_struct *mm = dma->mm;

	if (keep)
		mmgrab(mm);
	sp_work(mm);
	mmdrop(mm); /* expect: mm-ref-imbalance */
}

int sp_flags_twice(struct sp_dma *dma, long npage)
{
	int ret;

	if (dma->flags & SP_BORROW) {
		if (!mmget_not_zero(dma->mm))
			return -EFAULT;
	}
	ret = sp_lock_acct(dma->task, dma->mm, npage);
	if (dma->flags & SP_BORROW)
		mmput(dma->mm); /* ok: mm-ref-imbalance */
	return ret;
}

int sp_local_flags_twice(struct sp_dma *dma, long npage, bool write)
{
	unsigned int flags = write ? 1 : 0;
	int ret;

	if (!current->mm)
		flags |= SP_BORROW;
	if (flags & SP_BORROW) {
		if (!mmget_not_zero(dma->mm))
			return -EFAULT;
	}
	ret = sp_lock_acct(dma->task, dma->mm, npage);
	if (flags & SP_BORROW)
		mmput(dma->mm); /* ok: mm-ref-imbalance */
	return ret;
}

int sp_stored_test(struct sp_dma *dma, long npage)
{
	bool other = current->mm != dma->mm;
	int ret;

	if (other) {
		if (!mmget_not_zero(dma->mm))
			return -EFAULT;
	}
	ret = sp_lock_acct(dma->task, dma->mm, npage);
	if (other)
		mmput(dma->mm); /* ok: mm-ref-imbalance */
	return ret;
}

int sp_pinned_flag(struct sp_dma *dma, long npage, bool async)
{
	bool pinned = false;
	int ret;

	if (async) {
		if (!mmget_not_zero(dma->mm))
			return -ESRCH;
		pinned = true;
	}
	ret = sp_lock_acct(dma->task, dma->mm, npage);
	if (pinned)
		mmput(dma->mm); /* ok: mm-ref-imbalance */
	return ret;
}

void sp_replace_owner(struct sp_dma *dma, struct mm_struct *mm)
{
	mmdrop(dma->mm); /* ok: mm-ref-imbalance */
	dma->mm = mm;
	mmgrab(dma->mm);
}

/* The pin made under a scoped guard, its result a short circuit: scoped_guard()'s skipped
 * body (the guard pointer's NULL path) leaves `pinned` unassigned, which no code reads. */
int sp_scoped_short_circuit(struct sp_dma *dma, long npage)
{
	bool pinned;
	int ret;

	scoped_guard(mutex, &dma->lock)
		pinned = dma->mm && mmget_not_zero(dma->mm);
	if (!pinned)
		return -ESRCH;
	ret = sp_lock_acct(dma->task, dma->mm, npage);
	mmput(dma->mm); /* ok: mm-ref-imbalance */
	return ret;
}

/* The same pin written twice: the second may fail where the first did not (a condition with
 * a call is not taken as the first one's answer). */
int sp_pin_twice(struct sp_dma *dma, long npage)
{
	int ret;

	if (!mmget_not_zero(dma->mm))
		return -ESRCH;
	ret = sp_lock_acct(dma->task, dma->mm, npage);
	mmput(dma->mm);
	if (!mmget_not_zero(dma->mm))
		goto out;
	ret = sp_lock_acct(dma->task, dma->mm, npage);
out:
	mmput(dma->mm); /* expect: unchecked-mmget-not-zero */
	return ret;
}
