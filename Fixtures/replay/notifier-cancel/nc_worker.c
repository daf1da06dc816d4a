#include <linux/mmlint_stub.h>
/*
 * replay/notifier-cancel: the borrow. Reported by the static rule (the mm is
 * held by mmgrab only); refuted by replay: ->release cancels this work before
 * exit_mmap() unmaps anything, and it cannot be queued again.
 */
#include "nc.h"

void nc_fault_worker(struct work_struct *work)
{
	struct nc_dev *dev = container_of(work, struct nc_dev, fault_work);

	kthread_use_mm(dev->mm); /* expect: use-mm-without-mmget replay=refuted */
	if (copy_to_user((void __user *)dev->uaddr, &dev->value, sizeof(dev->value)))
		pr_err("nc: write-back failed\n");
	kthread_unuse_mm(dev->mm);
}
