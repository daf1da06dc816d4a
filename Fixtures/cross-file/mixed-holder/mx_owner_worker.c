#include <linux/mmlint_stub.h>
/* cross-file/mixed-holder: the store that carries mm_users. No guarded call. */
#include "mx.h"

int mx_set_owner_worker(struct mx_dev *mx)
{
	mx->mm = get_task_mm(current);
	if (!mx->mm)
		return -EINVAL;
	mx->use_worker = true;
	mx->worker = kthread_run(mx_worker_fn, mx, "mx-worker");
	if (IS_ERR(mx->worker)) {
		mmput(mx->mm);
		mx->mm = NULL;
		return PTR_ERR(mx->worker);
	}
	return 0;
}

void mx_reset_owner(struct mx_dev *mx)
{
	if (mx->use_worker) {
		kthread_stop(mx->worker);
		mmput(mx->mm);
	} else {
		mmdrop(mx->mm);
	}
	mx->mm = NULL;
}
