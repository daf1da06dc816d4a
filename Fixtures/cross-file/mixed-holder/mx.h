/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MX_H_
#define _MX_H_

#include <linux/mmlint_stub.h>

/*
 * A vhost/vDPA-like device: with a worker the owner's mm is taken with
 * get_task_mm() (mx_owner_worker.c); without one, only mmgrab()
 * (mx_owner_noworker.c). The worker (mx_worker.c) only exists in the first
 * configuration. A mixed holder: at most a note, never an error.
 */
struct mx_dev {
	struct mm_struct *mm;
	struct task_struct *worker;
	bool use_worker;
	void __user *status_uptr;
	u32 status;
};

int mx_set_owner_worker(struct mx_dev *mx);
int mx_set_owner_noworker(struct mx_dev *mx);
void mx_reset_owner(struct mx_dev *mx);
int mx_worker_fn(void *data);

#endif /* _MX_H_ */
