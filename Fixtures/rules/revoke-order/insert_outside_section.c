#include <linux/mmlint_stub.h>
/*
 * revoke-order: the zap and the state change in one section of the lock the fault takes is
 * the fixed order only when the fault also inserts inside its section. Here the fault reads
 * the state and the pfn under the lock, drops it, then inserts: a fault that read "alive"
 * before the revoke's section inserts after its zap, and the PTE outlives the revoke (ocxl's
 * AFU irq pages in 6.12: afu_irq.c:202-209 inserts after irq_lock is dropped, the free ioctl
 * zaps and frees under it; triaged in docs/device-mappings-6.12.md). Fixed: insert under the
 * lock. The rule sees whether the insert after the test still holds the lock the test held
 * (revoke-order's `inserts`), in the test's function or, when the test sits in a callee, in
 * its caller; more spellings (the state in an IDR or an XArray, a mutex) in
 * insert_outside_spellings.c.
 */

struct io_dev {
	spinlock_t lock;
	bool alive;
	unsigned long pfn;
	struct inode *inode;
};

static vm_fault_t io_fault(struct vm_fault *vmf)
{
	struct io_dev *d = vmf->vma->vm_private_data;
	unsigned long pfn = 0;

	spin_lock(&d->lock);
	if (d->alive)
		pfn = d->pfn;
	spin_unlock(&d->lock);
	if (!pfn)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, pfn);
}

static const struct vm_operations_struct io_vm_ops = { .fault = io_fault };

void io_free(struct io_dev *d)
{
	spin_lock(&d->lock);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->alive = false; /* expect: revoke-order replay=confirmed */
	spin_unlock(&d->lock);
}

struct io_dev2 {
	spinlock_t lock;
	bool alive;
	unsigned long pfn;
	struct inode *inode;
};

static vm_fault_t io_fault_locked(struct vm_fault *vmf)
{
	struct io_dev2 *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	spin_lock(&d->lock);
	if (d->alive)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, d->pfn);
	spin_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct io_vm_ops_locked = { .fault = io_fault_locked };

void io_free_locked(struct io_dev2 *d)
{
	spin_lock(&d->lock);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->alive = false; /* ok: revoke-order */
	spin_unlock(&d->lock);
}
