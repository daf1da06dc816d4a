/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NC_H_
#define _NC_H_

#include <linux/mmlint_stub.h>

/*
 * replay/notifier-cancel: a device that keeps its opener's mm by mmgrab()
 * only and borrows it from a work item -- but whose mmu-notifier ->release
 * marks the device dead and cancels the work, and whose only queue site
 * tests the mark under the same lock. exit_mmap() runs ->release before
 * unmap_vmas(), so the borrow can never overlap the teardown: the static
 * rule reports it (the holder has no mm_users), replay refutes it.
 */
struct nc_dev {
	struct mm_struct *mm;
	struct mmu_notifier mn;
	struct work_struct fault_work;
	struct mutex lock;
	bool dead;
	unsigned long uaddr;
	u64 value;
};

int nc_open(struct nc_dev *dev, unsigned long uaddr);
void nc_kick(struct nc_dev *dev);
void nc_fault_worker(struct work_struct *work);

#endif /* _NC_H_ */
