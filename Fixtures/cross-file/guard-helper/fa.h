/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_H_
#define _FA_H_

#include <linux/mmlint_stub.h>

/*
 * struct fa_ctx keeps the opener's mm with mm_count only (fa_ctx_open() in
 * fa_pin.c). The pin helpers live in fa_pin.c; the workers that rely on them
 * live in fa_worker.c.
 */
struct fa_ctx {
	struct mm_struct *mm;
	struct work_struct fence_work;
	struct work_struct fault_work;
	void __user *fence_uptr;
	unsigned long fault_addr;
	u64 seqno;
};

int fa_ctx_open(struct fa_ctx *ctx);
void fa_ctx_close(struct fa_ctx *ctx);

/* true: mm_users is held, drop it with mmput() */
bool fa_pin_mm(struct fa_ctx *ctx);
/* 0: mm_users is held; -ESRCH: the owner is gone */
int fa_pin_mm_err(struct fa_ctx *ctx);
/* a pinned mm, or NULL */
struct mm_struct *fa_get_live_mm(struct fa_ctx *ctx);

void fa_fence_worker(struct work_struct *work);
void fa_fault_worker(struct work_struct *work);
void fa_fence_worker_err(struct work_struct *work);
void fa_fence_timeout_worker(struct work_struct *work);

#endif /* _FA_H_ */
