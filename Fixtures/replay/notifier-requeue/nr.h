/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NR_H_
#define _NR_H_

#include <linux/mmlint_stub.h>

/*
 * replay/notifier-requeue: replay/notifier-cancel with the protection cut
 * short: ->release still cancels the work, but a second queue site (the
 * interrupt path) does not test the dead mark, so the work can be queued
 * again after ->release and borrow the mm while exit_mmap() tears it down.
 * Replay confirms it.
 */
struct nr_dev {
	struct mm_struct *mm;
	struct mmu_notifier mn;
	struct work_struct fault_work;
	struct mutex lock;
	bool dead;
	unsigned long uaddr;
	u64 value;
};

int nr_open(struct nr_dev *dev, unsigned long uaddr);
void nr_kick(struct nr_dev *dev);
void nr_irq_kick(struct nr_dev *dev);
void nr_fault_worker(struct work_struct *work);

#endif /* _NR_H_ */
