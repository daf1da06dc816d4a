#include <linux/mmlint_stub.h>
/*
 * The same zap-then-state race with the state spelled other ways: a bit flag
 * (test_bit/set_bit), an atomic (atomic_read/atomic_set), a helper that
 * returns the test, and a zap inside the fault's lock with the store after
 * the unlock (a fault runs between the sections). Quiet: the state first.
 */

void set_bit(long nr, unsigned long *addr);

#define SS_DEAD 0

struct ss_dev {
	void *buf;
	unsigned long flags;
	atomic_t alive;
	bool dead, gone;
	struct mutex lock;
	struct inode *inode;
};

static bool ss_usable(struct ss_dev *d)
{
	return !d->gone;
}

static vm_fault_t ss_fault(struct vm_fault *vmf)
{
	struct ss_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	if (test_bit(SS_DEAD, &d->flags) || !atomic_read(&d->alive) || !ss_usable(d))
		return VM_FAULT_SIGBUS;
	mutex_lock(&d->lock);
	if (!d->dead)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(d->buf) >> PAGE_SHIFT);
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct ss_vm_ops = { .fault = ss_fault };

void ss_unplug_bit(struct ss_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	set_bit(SS_DEAD, &d->flags); /* expect: revoke-order */
}

void ss_unplug_atomic(struct ss_dev *d)
{
	zap_vma_ptes(NULL, 0, PAGE_SIZE);
	atomic_set(&d->alive, 0); /* expect: revoke-order */
}

void ss_unplug_helper_state(struct ss_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->gone = true; /* expect: revoke-order */
}

void ss_unplug_after_unlock(struct ss_dev *d)
{
	mutex_lock(&d->lock);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	mutex_unlock(&d->lock);
	d->dead = true; /* expect: revoke-order */
}

void ss_unplug_one_section(struct ss_dev *d)
{
	mutex_lock(&d->lock);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->dead = true; /* ok: revoke-order */
	mutex_unlock(&d->lock);
}

void ss_unplug_state_first(struct ss_dev *d)
{
	set_bit(SS_DEAD, &d->flags); /* ok: revoke-order */
	synchronize_srcu(NULL);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}
