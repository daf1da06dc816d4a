#include <linux/mmlint_stub.h>
/*
 * revoke-order with the zaps' other spellings: the 2026 renames (zap_special_vma_range() was
 * zap_vma_ptes(), zap_vma_range() was zap_page_range_single() and has no details argument,
 * zap_vma() was zap_vma_pages()) and zap_vma_pages() itself (6.3 on). A driver that tracks
 * its one mapping and zaps it is a revoke like unmap_mapping_range().
 */

struct zs_dev {
	void *buf;
	bool dead;
	bool stopped;
	int state;
	struct vm_area_struct *vma;	/* the one mapping, tracked in ->mmap/->close */
	struct srcu_struct srcu;
};

static vm_fault_t zs_fault(struct vm_fault *vmf)
{
	struct zs_dev *d = vmf->vma->vm_private_data;

	if (d->dead || d->stopped || d->state)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(virt_to_page(d->buf)));
}

static const struct vm_operations_struct zs_vm_ops = { .fault = zs_fault };

void zs_unplug(struct zs_dev *d)
{
	zap_special_vma_range(d->vma, d->vma->vm_start, d->vma->vm_end - d->vma->vm_start);
	d->dead = true; /* expect: revoke-order */
}

void zs_stop(struct zs_dev *d)
{
	zap_vma_range(d->vma, d->vma->vm_start, PAGE_SIZE);
	d->stopped = true; /* expect: revoke-order */
}

void zs_reset(struct zs_dev *d)
{
	zap_vma(d->vma);
	d->state = 1; /* expect: revoke-order */
}

/* 6.3 to the 2026 rename */
void zs_reset_6_3(struct zs_dev *d)
{
	zap_vma_pages(d->vma);
	d->state = 2; /* expect: revoke-order */
}

/* fixed: the state first, the grace period, then the zap */
void zs_unplug_fixed(struct zs_dev *d)
{
	d->dead = true; /* ok: revoke-order */
	synchronize_srcu(&d->srcu);
	zap_special_vma_range(d->vma, d->vma->vm_start, d->vma->vm_end - d->vma->vm_start);
}
