#include <linux/mmlint_stub.h>
/*
 * A helper that returns the member or an error pointer (`return ERR_PTR(-ESRCH);`) is a getter
 * of that member, as one that returns it or NULL is: its caller's local is the member. Without
 * a pin in the helper, the local holds what the member holds (mm_count here) and the
 * address-space access is reported (at the worker's call: the faulting functions take the
 * queue as a parameter, judged where their caller passes it); with the pin before the return (mmget_not_zero(), failing
 * to the error pointer), the local is pinned and quiet. Spelled with ERR_PTR() and ERR_CAST(),
 * and with the test in the caller written IS_ERR() and IS_ERR_OR_NULL().
 */

struct ge_queue {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long uva;
	struct page *pg;
	int mode;
};

void ge_bind(struct ge_queue *q)
{
	mmgrab(current->mm);
	q->mm = current->mm;
}

static struct mm_struct *ge_mm(struct ge_queue *q)
{
	if (!q->mm)
		return ERR_PTR(-ESRCH);
	return q->mm;
}

static struct mm_struct *ge_mm_cast(struct ge_queue *q, void *err)
{
	if (!q->mm)
		return ERR_CAST(err);
	return q->mm;
}

static struct mm_struct *ge_mm_pinned(struct ge_queue *q)
{
	if (!mmget_not_zero(q->mm))
		return ERR_PTR(-ESRCH);
	return q->mm;
}

static long ge_fault(struct ge_queue *q)
{
	struct mm_struct *mm = ge_mm(q);
	long ret;

	if (IS_ERR(mm))
		return PTR_ERR(mm);
	mmap_read_lock(mm);
	ret = get_user_pages_remote(mm, q->uva, 1, FOLL_WRITE, &q->pg, NULL);
	mmap_read_unlock(mm);
	return ret;
}

static long ge_fault_cast(struct ge_queue *q)
{
	struct mm_struct *mm = ge_mm_cast(q, NULL);
	long ret;

	if (IS_ERR_OR_NULL(mm))
		return -EFAULT;
	mmap_read_lock(mm);
	ret = get_user_pages_remote(mm, q->uva, 1, FOLL_WRITE, &q->pg, NULL);
	mmap_read_unlock(mm);
	return ret;
}

static long ge_fault_pinned(struct ge_queue *q)
{
	struct mm_struct *mm = ge_mm_pinned(q);
	long ret;

	if (IS_ERR(mm))
		return PTR_ERR(mm);
	mmap_read_lock(mm);
	ret = get_user_pages_remote(mm, q->uva, 1, FOLL_WRITE, &q->pg, NULL); /* ok: mmgrab-only-access */
	mmap_read_unlock(mm);
	mmput(mm);
	return ret;
}

static void ge_work(struct work_struct *w)
{
	struct ge_queue *q = container_of(w, struct ge_queue, work);

	if (q->mode == 0)
		ge_fault(q); /* expect: mmgrab-only-access */
	else if (q->mode == 1)
		ge_fault_cast(q); /* expect: mmgrab-only-access */
	else
		ge_fault_pinned(q); /* ok: mmgrab-only-access */
}

void ge_kick(struct ge_queue *q)
{
	INIT_WORK(&q->work, ge_work);
	schedule_work(&q->work);
}
