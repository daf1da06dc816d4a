/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VHD_H_
#define _VHD_H_

#include <linux/mmlint_stub.h>

/*
 * A vhost-like device in worker mode: the owner's mm is taken with
 * get_task_mm() in vhd_set_owner() and dropped with mmput() only after the
 * worker has been stopped. Every store carries mm_users.
 */
struct vhd_dev {
	struct mm_struct *mm;
	struct task_struct *worker;
	struct work_struct log_work;
	void __user *used_ring;
	unsigned long log_addr;
	u64 log_val;
	u16 last_used;
};

int vhd_set_owner(struct vhd_dev *dev);
void vhd_reset_owner(struct vhd_dev *dev);

int vhd_worker_fn(void *data);
void vhd_log_work(struct work_struct *work);

#endif /* _VHD_H_ */
