#include <linux/mmlint_stub.h>
/*
 * The fault tests the state and inserts inside one section of a lock; the
 * revoke changes the state first and then zaps, but makes the store outside
 * that lock and never takes it before the zap. A fault that passed the test
 * before the store is still inside its section and inserts its PTE after the
 * zap. Spellings: WRITE_ONCE() of a bool under a mutex-holding fault;
 * set_bit() against a spinlock-holding fault that tests test_bit(). Fixed:
 * the store inside the lock; the lock taken once between the store and the
 * zap (the faults already past the test finish first); one rwsem write
 * section around both (scoped_guard).
 */

DEFINE_GUARD(rwsem_read, struct rw_semaphore *, down_read(_T), up_read(_T))
DEFINE_GUARD(rwsem_write, struct rw_semaphore *, down_write(_T), up_write(_T))

/* 1. A mutex-holding fault; the store outside it. */
struct lf_dev {
	unsigned long pfn;
	bool gone;
	struct mutex lock;
	struct inode *inode;
};

static vm_fault_t lf_fault(struct vm_fault *vmf)
{
	struct lf_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&d->lock);
	if (!d->gone)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, d->pfn + vmf->pgoff);
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct lf_vm_ops = { .fault = lf_fault };

void lf_unplug_unlocked(struct lf_dev *d)
{
	WRITE_ONCE(d->gone, true); /* expect: revoke-order a fault inside its section inserts after the zap */
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

/* Fixed: the store inside the lock. */
void lf_unplug_locked_store(struct lf_dev *d)
{
	mutex_lock(&d->lock);
	d->gone = true; /* ok: revoke-order faults that tested before have finished their insert */
	mutex_unlock(&d->lock);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

/* Fixed: the lock taken once between the store and the zap. */
void lf_unplug_flush(struct lf_dev *d)
{
	WRITE_ONCE(d->gone, true); /* ok: revoke-order taking the lock waits for the faults past the test */
	mutex_lock(&d->lock);
	mutex_unlock(&d->lock);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

/* 2. A spinlock-holding fault testing a bit; set_bit() outside it. */
#define SB_DEAD 0

struct sb_dev {
	unsigned long flags;
	unsigned long pfn;
	spinlock_t lock;
	struct address_space *mapping;
};

static vm_fault_t sb_fault(struct vm_fault *vmf)
{
	struct sb_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret;

	spin_lock(&d->lock);
	if (test_bit(SB_DEAD, &d->flags))
		ret = VM_FAULT_SIGBUS;
	else
		ret = vmf_insert_pfn(vmf->vma, vmf->address, d->pfn);
	spin_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct sb_vm_ops = { .fault = sb_fault };

void sb_kill(struct sb_dev *d)
{
	set_bit(SB_DEAD, &d->flags); /* expect: revoke-order the fault that tested before still inserts */
	unmap_mapping_range(d->mapping, 0, 0, 1);
}

/* 3. Fixed: one rwsem write section around the zap and the store. */
struct rg_dev {
	unsigned long pfn;
	bool suspended;
	struct rw_semaphore memory_lock;
	struct inode *inode;
};

static vm_fault_t rg_fault(struct vm_fault *vmf)
{
	struct rg_dev *d = vmf->vma->vm_private_data;

	guard(rwsem_read)(&d->memory_lock);
	if (d->suspended)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, d->pfn + vmf->pgoff);
}

static const struct vm_operations_struct rg_vm_ops = { .fault = rg_fault };

void rg_suspend(struct rg_dev *d)
{
	scoped_guard(rwsem_write, &d->memory_lock) {
		d->suspended = true; /* ok: revoke-order one write section */
		unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	}
}
