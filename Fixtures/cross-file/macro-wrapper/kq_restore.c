#include "kq.h"

/*
 * The restore worker reads the write pointer through the macro on the
 * queue's mm, which is held with mmgrab() only (kq_main.c): a kthread
 * borrow of an mm whose address space may already be gone.
 */
void kq_restore_worker(struct work_struct *work)
{
	struct kq_queue *q = container_of(work, struct kq_queue, restore_work);
	u32 val;

	if (kq_read_user_wptr(q->mm, q->wptr, val)) /* expect: use-mm-without-mmget */
		q->shadow = val;
}
