/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KQ_H_
#define _KQ_H_

#include <linux/mmlint_stub.h>

/*
 * amdgpu's read_user_wptr() shape: a header macro that reads a user pointer
 * on the caller's mm, borrowing it with kthread_use_mm() when running in a
 * kthread. Files that use only the macro never spell kthread_use_mm: the
 * prefilter must learn the macro's name from the header.
 */
#define kq_read_user_wptr(mmptr, wptr, dst)				\
	({								\
		bool valid = false;					\
		if ((mmptr) && (wptr)) {				\
			if ((mmptr) == current->mm) {			\
				valid = !get_user((dst), (wptr));	\
			} else if (current->flags & PF_KTHREAD) {	\
				kthread_use_mm(mmptr);			\
				valid = !get_user((dst), (wptr));	\
				kthread_unuse_mm(mmptr);		\
			}						\
		}							\
		valid;							\
	})

struct kq_queue {
	struct mm_struct *mm;
	struct work_struct restore_work;
	u32 *wptr;
	u32 shadow;
};

struct kq_funcs {
	int (*hqd_load)(struct kq_queue *q, u32 *wptr, struct mm_struct *mm);
};

void kq_queue_init(struct kq_queue *q);
void kq_restore_worker(struct work_struct *work);

#endif
