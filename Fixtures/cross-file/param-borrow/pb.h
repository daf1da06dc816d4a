/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PB_H_
#define _PB_H_

#include <linux/mmlint_stub.h>

/* struct pb_dev keeps the binder's mm with mm_count only (pb_main.c). */
struct pb_dev {
	struct mm_struct *mm;
	struct work_struct notify_work;
	struct work_struct stale_work;
	void __user *event_uptr;
	u32 events[8];
};

/* Borrows @mm with kthread_use_mm(): the caller must hold mm_users. */
int pb_copy_to_mm(struct mm_struct *mm, void __user *dst, const void *src,
		  size_t len);

int pb_bind(struct pb_dev *pb);
void pb_unbind(struct pb_dev *pb);
int pb_notify_task(struct pb_dev *pb, struct task_struct *task);
void pb_notify_worker(struct work_struct *work);
void pb_stale_worker(struct work_struct *work);

#endif /* _PB_H_ */
