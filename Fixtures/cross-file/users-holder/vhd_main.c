#include <linux/mmlint_stub.h>
/*
 * cross-file/users-holder: the store. struct vhd_dev.mm is filled with
 * get_task_mm() and released with mmput() after the worker is stopped, so
 * the borrows in vhd_worker.c are quiet. No guarded call here.
 */
#include "vhd.h"

int vhd_set_owner(struct vhd_dev *dev)
{
	int err;

	dev->mm = get_task_mm(current);
	if (!dev->mm)
		return -EINVAL;

	INIT_WORK(&dev->log_work, vhd_log_work);
	dev->worker = kthread_run(vhd_worker_fn, dev, "vhd");
	if (IS_ERR(dev->worker)) {
		err = PTR_ERR(dev->worker);
		goto err_worker;
	}
	return 0;

err_worker:
	mmput(dev->mm);
	dev->mm = NULL;
	return err;
}

void vhd_reset_owner(struct vhd_dev *dev)
{
	kthread_stop(dev->worker);
	cancel_work_sync(&dev->log_work);
	mmput(dev->mm);
	dev->mm = NULL;
}
