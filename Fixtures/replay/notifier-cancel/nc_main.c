#include <linux/mmlint_stub.h>
/*
 * replay/notifier-cancel: the holder, its ->release and its queue site.
 */
#include "nc.h"

static void nc_mn_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct nc_dev *dev = container_of(mn, struct nc_dev, mn);

	mutex_lock(&dev->lock);
	dev->dead = true;
	mutex_unlock(&dev->lock);
	cancel_work_sync(&dev->fault_work);
}

static const struct mmu_notifier_ops nc_mn_ops = {
	.release = nc_mn_release,
};

int nc_open(struct nc_dev *dev, unsigned long uaddr)
{
	mutex_init(&dev->lock);
	dev->uaddr = uaddr;
	dev->dead = false;
	INIT_WORK(&dev->fault_work, nc_fault_worker);

	mmgrab(current->mm);
	dev->mm = current->mm;
	dev->mn.ops = &nc_mn_ops;
	return mmu_notifier_register(&dev->mn, current->mm);
}

/* The only queue site: never after ->release marked the device dead. */
void nc_kick(struct nc_dev *dev)
{
	mutex_lock(&dev->lock);
	if (!dev->dead)
		queue_work(system_wq, &dev->fault_work);
	mutex_unlock(&dev->lock);
}
