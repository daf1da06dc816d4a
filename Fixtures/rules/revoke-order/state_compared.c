#include <linux/mmlint_stub.h>
/*
 * revoke-order with the state compared with a constant: a count of users the fault requires
 * above zero, a generation number below zero, an unsigned state below a limit. The count and the
 * state were read as no state at all (a comparison with a constant other than 0 kept no value),
 * so a zap before their store was missed; the sign test (`< 0`) was read already.
 */

struct rr_dev {
	void *buf;
	atomic_t users;
	int generation;
	unsigned int state;
	struct inode *inode;
};

#define RR_LIVE 2

static vm_fault_t rr_fault(struct vm_fault *vmf)
{
	struct rr_dev *d = vmf->vma->vm_private_data;

	if (atomic_read(&d->users) <= 0)
		return VM_FAULT_SIGBUS;
	if (d->generation < 0)
		return VM_FAULT_SIGBUS;
	if (d->state >= RR_LIVE)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(d->buf) >> PAGE_SHIFT);
}

static const struct vm_operations_struct rr_vm_ops = { .fault = rr_fault };

void rr_unplug_count(struct rr_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	atomic_set(&d->users, 0); /* expect: revoke-order */
}

void rr_unplug_generation(struct rr_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->generation = -1; /* expect: revoke-order */
}

void rr_unplug_state(struct rr_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->state = RR_LIVE; /* expect: revoke-order */
}

/* the fixed order: the state first, a grace period, then the zap */
void rr_unplug_fixed(struct rr_dev *d)
{
	atomic_set(&d->users, 0); /* ok: revoke-order */
	d->generation = -1; /* ok: revoke-order */
	d->state = RR_LIVE; /* ok: revoke-order */
	synchronize_srcu(NULL);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}
