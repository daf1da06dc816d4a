#include <linux/mmlint_stub.h>
/*
 * replay/notifier-requeue: the borrow. Confirmed by replay: nr_irq_kick() can
 * queue it again after ->release cancelled it.
 */
#include "nr.h"

void nr_fault_worker(struct work_struct *work)
{
	struct nr_dev *dev = container_of(work, struct nr_dev, fault_work);

	kthread_use_mm(dev->mm); /* expect: use-mm-without-mmget replay=confirmed */
	if (copy_to_user((void __user *)dev->uaddr, &dev->value, sizeof(dev->value)))
		pr_err("nr: write-back failed\n");
	kthread_unuse_mm(dev->mm);
}
