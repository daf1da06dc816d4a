#include <linux/mmlint_stub.h>
/*
 * State changed by an exchange after the zap: a compare-and-exchange of a lifecycle member
 * (only the first remover goes on), atomic_try_cmpxchg(), and xchg() of the pointer the fault
 * tests. A fault between the zap and the exchange still sees the old state and re-inserts.
 */

#define XS_LIVE	1
#define XS_DEAD	2

bool atomic_try_cmpxchg(atomic_t *v, int *old, int new);

struct xs_dev {
	int state;
	atomic_t astate;
	void *buf;
	phys_addr_t bar;
	struct inode *inode;
};

static vm_fault_t xs_fault(struct vm_fault *vmf)
{
	struct xs_dev *d = vmf->vma->vm_private_data;
	void *buf = READ_ONCE(d->buf);

	if (READ_ONCE(d->state) != XS_LIVE || atomic_read(&d->astate) != XS_LIVE || !buf)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, PHYS_PFN(virt_to_phys(buf)));
}

static const struct vm_operations_struct xs_vm_ops = { .fault = xs_fault };

/* 1. BUG: the zap, then the CAS. */
int xs_remove(struct xs_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	if (cmpxchg(&d->state, XS_LIVE, XS_DEAD) != XS_LIVE) /* expect: revoke-order */
		return -EBUSY;
	return 0;
}

/* 2. BUG: atomic_try_cmpxchg() after the zap. */
int xs_remove_atomic(struct xs_dev *d)
{
	int old = XS_LIVE;

	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	if (!atomic_try_cmpxchg(&d->astate, &old, XS_DEAD)) /* expect: revoke-order */
		return -EBUSY;
	return 0;
}

/* 3. BUG: the pointer the fault tests taken out after the zap, then freed. */
void xs_detach(struct xs_dev *d)
{
	void *old;

	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	old = xchg(&d->buf, NULL); /* expect: revoke-order */
	kfree(old); /* expect: mapped-memory-freed */
}
