#include <linux/mmlint_stub.h>
/*
 * cross-file/param-borrow: the callers of pb_copy_to_mm() (pb_copy.c).
 * Two pass a pinned mm (get_task_mm result, field after mmget_not_zero);
 * one passes the bare mmgrab-only field: reported at its call line.
 */
#include "pb.h"

int pb_bind(struct pb_dev *pb)
{
	mmgrab(current->mm);
	pb->mm = current->mm;
	return 0;
}

void pb_unbind(struct pb_dev *pb)
{
	cancel_work_sync(&pb->notify_work);
	cancel_work_sync(&pb->stale_work);
	mmdrop(pb->mm);
}

int pb_notify_task(struct pb_dev *pb, struct task_struct *task)
{
	struct mm_struct *mm;
	int ret;

	mm = get_task_mm(task);
	if (!mm)
		return -ESRCH;
	ret = pb_copy_to_mm(mm, pb->event_uptr, pb->events, sizeof(pb->events)); /* ok: use-mm-without-mmget */
	mmput(mm);
	return ret;
}

void pb_notify_worker(struct work_struct *work)
{
	struct pb_dev *pb = container_of(work, struct pb_dev, notify_work);

	if (!mmget_not_zero(pb->mm))
		return;
	pb_copy_to_mm(pb->mm, pb->event_uptr, pb->events, sizeof(pb->events)); /* ok: use-mm-without-mmget */
	mmput(pb->mm);
}

void pb_stale_worker(struct work_struct *work)
{
	struct pb_dev *pb = container_of(work, struct pb_dev, stale_work);

	pb_copy_to_mm(pb->mm, pb->event_uptr, pb->events, sizeof(pb->events)); /* expect: use-mm-without-mmget */
}
