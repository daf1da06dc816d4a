/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fakeaccel - a made-up compute accelerator, used as mmlint's demo tree.
 *
 * Each open file is a context bound to the opener's address space. The
 * context keeps the mm the way struct kvm does: mmgrab() at open, mmdrop()
 * at release, so fac_ctx.mm keeps struct mm_struct allocated but not the
 * address space. An SVM binding instead takes mm_users (get_task_mm()) and
 * keeps it until its thread is stopped.
 */
#ifndef _FAKEACCEL_H_
#define _FAKEACCEL_H_

#include <linux/mmlint_stub.h>

#define FAC_IOCTL_USERPTR	0x4601
#define FAC_IOCTL_SVM_BIND	0x4602
#define FAC_IOCTL_CLEAR_DIRTY	0x4603
#define FAC_IOCTL_FENCE		0x4604

struct fac_userptr {
	unsigned long start;
	unsigned long npages;
	struct page **pages;
	unsigned long *pfns;
	struct mmu_interval_notifier notifier;
	struct mutex lock;
};

struct fac_svm {
	struct mm_struct *mm;		/* get_task_mm(): mm_users */
	struct task_struct *thread;
	void __user *doorbell;
	u32 head;
};

struct fac_ctx {
	struct mm_struct *mm;		/* mmgrab(): mm_count only */
	struct mutex lock;
	struct work_struct fence_work;
	struct work_struct event_work;
	struct work_struct userptr_work;
	struct work_struct dirty_work;
	void __user *fence_uptr;
	void __user *event_uptr;
	u64 fence_seqno;
	u32 event;
	unsigned long dirty_start, dirty_end;
	struct fac_userptr *uptr;
	struct fac_svm *svm;
};

struct fac_userptr_args {
	u64 start;
	u64 npages;
};

struct fac_range_args {
	u64 start;
	u64 end;
};

/* fakeaccel_main.c */
int fac_open(struct inode *inode, struct file *filp);
int fac_release(struct inode *inode, struct file *filp);
long fac_ioctl(struct file *filp, unsigned int cmd, unsigned long arg);

/* fakeaccel_fence.c */
void fac_fence_work(struct work_struct *work);
void fac_event_work(struct work_struct *work);
int fac_svm_thread(void *data);

/* fakeaccel_userptr.c */
void fac_userptr_work(struct work_struct *work);
int fac_userptr_fault_range(struct fac_ctx *ctx);
extern const struct mmu_interval_notifier_ops fac_userptr_mni_ops;

/* fakeaccel_dirty.c */
void fac_dirty_work(struct work_struct *work);
int fac_clear_dirty_current(struct fac_ctx *ctx, unsigned long start,
			    unsigned long end);

#endif /* _FAKEACCEL_H_ */
