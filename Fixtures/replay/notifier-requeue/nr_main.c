#include <linux/mmlint_stub.h>
/*
 * replay/notifier-requeue: the holder, its ->release and its queue site.
 */
#include "nr.h"

static void nr_mn_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct nr_dev *dev = container_of(mn, struct nr_dev, mn);

	mutex_lock(&dev->lock);
	dev->dead = true;
	mutex_unlock(&dev->lock);
	cancel_work_sync(&dev->fault_work);
}

static const struct mmu_notifier_ops nr_mn_ops = {
	.release = nr_mn_release,
};

int nr_open(struct nr_dev *dev, unsigned long uaddr)
{
	mutex_init(&dev->lock);
	dev->uaddr = uaddr;
	dev->dead = false;
	INIT_WORK(&dev->fault_work, nr_fault_worker);

	mmgrab(current->mm);
	dev->mm = current->mm;
	dev->mn.ops = &nr_mn_ops;
	return mmu_notifier_register(&dev->mn, current->mm);
}

/* The ioctl path tests the mark ... */
void nr_kick(struct nr_dev *dev)
{
	mutex_lock(&dev->lock);
	if (!dev->dead)
		queue_work(system_wq, &dev->fault_work);
	mutex_unlock(&dev->lock);
}

/* ... the completion interrupt does not: a queue after ->release is possible. */
void nr_irq_kick(struct nr_dev *dev)
{
	queue_work(system_wq, &dev->fault_work);
}
