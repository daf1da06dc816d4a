#include <linux/mmlint_stub.h>
/*
 * A fault that stores its comparison of the state in a local before testing it (panthor's
 * mmio fault, 6.10-6.12: `active = atomic_read(&ptdev->pm.state) == ACTIVE; if (active) …`),
 * also negated and as a `!=` into an int. The comparison reads the state as a direct test
 * does: a zap before the state store is reported, the state first is quiet. (The copy
 * spellings — `off = READ_ONCE(d->off)` — are state_copy_spellings.c.)
 */

#define SC_ACTIVE	2

struct sc_dev {
	void *buf;
	atomic_t state;
	int mode;
	struct inode *inode;
};

static vm_fault_t sc_fault(struct vm_fault *vmf)
{
	struct sc_dev *d = vmf->vma->vm_private_data;
	bool active = atomic_read(&d->state) == SC_ACTIVE;
	int stopped = d->mode != 1;

	if (!active || stopped)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(d->buf) >> PAGE_SHIFT);
}

static const struct vm_operations_struct sc_vm_ops = { .fault = sc_fault };

void sc_suspend(struct sc_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	atomic_set(&d->state, 0); /* expect: revoke-order a fault between the zap and the store maps again */
}

void sc_stop(struct sc_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	WRITE_ONCE(d->mode, 0); /* expect: revoke-order the stored comparison reads the mode */
}

void sc_suspend_fixed(struct sc_dev *d)
{
	atomic_set(&d->state, 0); /* ok: revoke-order the state first */
	synchronize_rcu();
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}
