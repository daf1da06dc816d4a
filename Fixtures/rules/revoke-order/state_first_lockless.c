#include <linux/mmlint_stub.h>
/*
 * The state changes before the zap, but the fault tests it under no lock: a fault that
 * passed the test before the store inserts its PTE after the zap, and the revoke never
 * removes it. A grace period between the store and the zap (with the fault's test and insert
 * inside the matching read section) waits for such faults; a lock the fault holds from its
 * test to its insert orders them too.
 */

struct lf_dev {
	bool dead;
	unsigned long flags;
	phys_addr_t bar;
	struct inode *inode;
	struct mutex lock;
	struct srcu_struct srcu;
};

#define LF_GONE	0

static vm_fault_t lf_fault(struct vm_fault *vmf)
{
	struct lf_dev *d = vmf->vma->vm_private_data;

	if (READ_ONCE(d->dead))
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, d->bar >> PAGE_SHIFT);
}

static const struct vm_operations_struct lf_vm_ops = { .fault = lf_fault };

/* 1. BUG: WRITE_ONCE, then the zap, nothing between. */
void lf_unplug(struct lf_dev *d)
{
	WRITE_ONCE(d->dead, true); /* expect: revoke-order */
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

/* 2. BUG: a plain store through a setter helper, then the zap. */
static void lf_mark_dead(struct lf_dev *d)
{
	d->dead = true;
}

void lf_remove(struct lf_dev *d)
{
	lf_mark_dead(d); /* expect: revoke-order */
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

/* 3. FIXED: the faults that tested before the store are waited for. */
static vm_fault_t lg_fault(struct vm_fault *vmf);

struct lg_dev {
	bool alive;
	phys_addr_t bar;
	struct inode *inode;
	struct srcu_struct srcu;
};

static vm_fault_t lg_fault(struct vm_fault *vmf)
{
	struct lg_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	int idx = srcu_read_lock(&d->srcu);

	if (d->alive)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, d->bar >> PAGE_SHIFT);
	srcu_read_unlock(&d->srcu, idx);
	return ret;
}

static const struct vm_operations_struct lg_vm_ops = { .fault = lg_fault };

void lg_kill(struct lg_dev *d)
{
	d->alive = false; /* ok: revoke-order */
	synchronize_srcu(&d->srcu);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

/* 4. FIXED: the grace period inside the helper that changes the state (device-dax's kill_dax()). */
static void lg_kill_state(struct lg_dev *d)
{
	d->alive = false;
	synchronize_srcu(&d->srcu);
}

void lg_unbind(struct lg_dev *d)
{
	lg_kill_state(d); /* ok: revoke-order */
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

/* 5. BUG: the read section is there, the wait is not. */
void lg_detach(struct lg_dev *d)
{
	d->alive = false; /* expect: revoke-order */
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

/* 6. A bit in a flags word, tested with test_bit() under no lock, set first. */
struct lb_dev {
	unsigned long flags;
	phys_addr_t bar;
	struct inode *inode;
};

#define LB_REMOVED	1

static vm_fault_t lb_fault(struct vm_fault *vmf)
{
	struct lb_dev *d = vmf->vma->vm_private_data;

	if (test_bit(LB_REMOVED, &d->flags))
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, d->bar >> PAGE_SHIFT);
}

static const struct vm_operations_struct lb_vm_ops = { .fault = lb_fault };

void lb_remove(struct lb_dev *d)
{
	set_bit(LB_REMOVED, &d->flags); /* expect: revoke-order */
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

/* 7. FIXED: the fault tests and inserts under the mutex the revoke stores under. */
struct lm_dev {
	bool dead;
	phys_addr_t bar;
	struct inode *inode;
	struct mutex lock;
};

static vm_fault_t lm_fault(struct vm_fault *vmf)
{
	struct lm_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&d->lock);
	if (!d->dead)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, d->bar >> PAGE_SHIFT);
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct lm_vm_ops = { .fault = lm_fault };

void lm_remove(struct lm_dev *d)
{
	mutex_lock(&d->lock);
	d->dead = true; /* ok: revoke-order */
	mutex_unlock(&d->lock);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

/* 8. FIXED: synchronize_rcu() between, the fault's test and insert in rcu_read_lock(). */
struct lr_dev {
	bool gone;
	phys_addr_t bar;
	struct inode *inode;
};

static vm_fault_t lr_fault(struct vm_fault *vmf)
{
	struct lr_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	rcu_read_lock();
	if (!READ_ONCE(d->gone))
		ret = vmf_insert_pfn(vmf->vma, vmf->address, d->bar >> PAGE_SHIFT);
	rcu_read_unlock();
	return ret;
}

static const struct vm_operations_struct lr_vm_ops = { .fault = lr_fault };

void lr_remove(struct lr_dev *d)
{
	WRITE_ONCE(d->gone, true); /* ok: revoke-order */
	synchronize_rcu();
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}
