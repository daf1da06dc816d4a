#include <linux/mmlint_stub.h>
/*
 * cross-file/count-holder: the store. struct kvmgt_vgpu.mm carries mm_count
 * only; the borrows are judged in kvmgt_worker.c. No guarded call here.
 */
#include "kvmgt.h"

int kvmgt_vgpu_create(struct kvmgt_vgpu *vgpu, unsigned long uaddr,
		      unsigned long nr_pages)
{
	vgpu->pages = kcalloc(nr_pages, sizeof(*vgpu->pages), GFP_KERNEL);
	if (!vgpu->pages)
		return -ENOMEM;
	vgpu->guest_uaddr = uaddr;
	vgpu->nr_pages = nr_pages;

	mmgrab(current->mm);
	vgpu->mm = current->mm;

	INIT_WORK(&vgpu->dma_work, kvmgt_dma_worker);
	INIT_WORK(&vgpu->dma_fixed_work, kvmgt_dma_worker_pinned);
	INIT_WORK(&vgpu->pin_work, kvmgt_pin_worker);
	return 0;
}

void kvmgt_vgpu_destroy(struct kvmgt_vgpu *vgpu)
{
	cancel_work_sync(&vgpu->dma_work);
	cancel_work_sync(&vgpu->dma_fixed_work);
	cancel_work_sync(&vgpu->pin_work);
	mmdrop(vgpu->mm);
	vgpu->mm = NULL;
	kfree(vgpu->pages);
}
