#include <linux/mmlint_stub.h>
/*
 * cross-file/mixed-holder: the borrow of a field stored with get_task_mm() in
 * one file and mmgrab() in another. Mixed: at most a note, never an error.
 */
#include "mx.h"

int mx_worker_fn(void *data)
{
	struct mx_dev *mx = data;

	kthread_use_mm(mx->mm); /* note: use-mm-without-mmget (mixed holder) */
	while (!kthread_should_stop()) {
		put_user(mx->status, (u32 __user *)mx->status_uptr);
		schedule();
	}
	kthread_unuse_mm(mx->mm);
	return 0;
}
