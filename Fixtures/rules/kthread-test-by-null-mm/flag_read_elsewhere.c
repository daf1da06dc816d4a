#include <linux/mmlint_stub.h>
/*
 * A function that reads PF_KTHREAD is quiet only where the flag decides the borrow: a test of
 * it on every way to the NULL test or to the borrow, one side of which never gets there. A
 * flag read that only picks a trace message, both sides going on to the borrow, decides
 * nothing: the NULL test still means "kernel thread", and an exiting user task (exit_mm()
 * done) borrows (kthread_use_mm() WARNs on !PF_KTHREAD, kernel/kthread.c). Spelled with the
 * read before the NULL test and inside its NULL side; the flag tested as the gate, in a local
 * and after the NULL test, quiet — also beside a read that only picks a counter.
 */

struct fr_q {
	struct mm_struct *mm;		/* get_task_mm() at open */
	u32 __user *wptr;
	unsigned long hits[2];
};

int fr_read_counted(struct fr_q *q, u32 *val)
{
	int r;

	q->hits[(current->flags & PF_KTHREAD) ? 1 : 0]++;
	if (current->mm == NULL) { /* expect: kthread-test-by-null-mm the flag only picks a counter */
		kthread_use_mm(q->mm);
		r = get_user(*val, q->wptr);
		kthread_unuse_mm(q->mm);
		return r;
	}
	return get_user(*val, q->wptr);
}

int fr_read_traced(struct fr_q *q, u32 *val)
{
	int r;

	if (!current->mm) { /* expect: kthread-test-by-null-mm the flag only picks a message */
		if (current->flags & PF_KTHREAD)
			pr_debug("fr: kthread read\n");
		else
			pr_debug("fr: exiting task read\n");
		kthread_use_mm(q->mm);
		r = get_user(*val, q->wptr);
		kthread_unuse_mm(q->mm);
		return r;
	}
	return get_user(*val, q->wptr);
}

int fr_read_gated(struct fr_q *q, u32 *val)
{
	int r;

	if (!current->mm) { /* ok: kthread-test-by-null-mm the flag gates the borrow */
		if (!(current->flags & PF_KTHREAD))
			return -EFAULT;
		kthread_use_mm(q->mm);
		r = get_user(*val, q->wptr);
		kthread_unuse_mm(q->mm);
		return r;
	}
	return get_user(*val, q->wptr);
}

int fr_read_local(struct fr_q *q, u32 *val)
{
	bool kthread = current->flags & PF_KTHREAD;
	int r;

	if (kthread && !current->mm) { /* ok: kthread-test-by-null-mm the flag local decides */
		kthread_use_mm(q->mm);
		r = get_user(*val, q->wptr);
		kthread_unuse_mm(q->mm);
		return r;
	}
	return get_user(*val, q->wptr);
}

int fr_read_counted_gated(struct fr_q *q, u32 *val)
{
	int r;

	q->hits[(current->flags & PF_KTHREAD) ? 1 : 0]++;
	if (!current->mm) { /* ok: kthread-test-by-null-mm the second read of the flag gates the borrow */
		if (!(current->flags & PF_KTHREAD))
			return -EFAULT;
		kthread_use_mm(q->mm);
		r = get_user(*val, q->wptr);
		kthread_unuse_mm(q->mm);
		return r;
	}
	return get_user(*val, q->wptr);
}
