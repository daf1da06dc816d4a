/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KVMGT_H_
#define _KVMGT_H_

#include <linux/mmlint_stub.h>

/*
 * A vGPU attached to a VM. Like struct kvm, it keeps the creating process's
 * mm with mm_count only (mmgrab in kvmgt_vgpu_create()).
 */
struct kvmgt_vgpu {
	struct mm_struct *mm;
	struct work_struct dma_work;
	struct work_struct dma_fixed_work;
	struct work_struct pin_work;
	unsigned long guest_uaddr;
	unsigned long nr_pages;
	struct page **pages;
	u64 shadow_entry;
};

int kvmgt_vgpu_create(struct kvmgt_vgpu *vgpu, unsigned long uaddr,
		      unsigned long nr_pages);
void kvmgt_vgpu_destroy(struct kvmgt_vgpu *vgpu);

void kvmgt_dma_worker(struct work_struct *work);
void kvmgt_dma_worker_pinned(struct work_struct *work);
void kvmgt_pin_worker(struct work_struct *work);
void kvmgt_pin_worker_pinned(struct work_struct *work);

#endif /* _KVMGT_H_ */
