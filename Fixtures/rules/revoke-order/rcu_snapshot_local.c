#include <linux/mmlint_stub.h>
/*
 * The device's live resource published through an RCU pointer (include/linux/rcupdate.h
 * spellings, simplified to their x86 expansion): the fault dereferences it in an RCU read
 * section and maps its BAR; the revoke unpublishes it with rcu_assign_pointer(…, NULL).
 * BUG (rp_unplug): zap first, unpublish after; a fault between them finds the resource and
 * re-inserts. FIXED (rq_unplug): unpublish, synchronize_rcu(), then zap.
 */

/* __rcu_dereference_check() without its lockdep and sparse parts */
#define rcu_dereference(p) ({ typeof(*p) *________p1 = (typeof(*p) *)READ_ONCE(p); ((typeof(*p) *)(________p1)); })
#define rcu_assign_pointer(p, v) do { smp_store_release(&(p), (v)); } while (0)

struct rp_res {
	phys_addr_t bar;
};

struct rp_dev {
	struct rp_res *res;
	struct inode *inode;
};

static vm_fault_t rp_fault(struct vm_fault *vmf)
{
	struct rp_dev *d = vmf->vma->vm_private_data;
	struct rp_res *res;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	rcu_read_lock();
	res = rcu_dereference(d->res);
	if (res)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, (res->bar >> PAGE_SHIFT) + vmf->pgoff);
	rcu_read_unlock();
	return ret;
}

static const struct vm_operations_struct rp_vm_ops = { .fault = rp_fault };

void rp_unplug(struct rp_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	rcu_assign_pointer(d->res, NULL); /* expect: revoke-order unpublished after the zap */
	synchronize_rcu();
}

struct rq_dev {
	struct rp_res *res;
	struct inode *inode;
};

static vm_fault_t rq_fault(struct vm_fault *vmf)
{
	struct rq_dev *d = vmf->vma->vm_private_data;
	struct rp_res *res;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	rcu_read_lock();
	res = rcu_dereference(d->res);
	if (res)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, (res->bar >> PAGE_SHIFT) + vmf->pgoff);
	rcu_read_unlock();
	return ret;
}

static const struct vm_operations_struct rq_vm_ops = { .fault = rq_fault };

void rq_unplug(struct rq_dev *d)
{
	rcu_assign_pointer(d->res, NULL); /* ok: revoke-order unpublished and waited for before the zap */
	synchronize_rcu();
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

/* BUG: the same snapshot spelled smp_load_acquire() into a local (the stub's x86 expansion). */
struct ra_dev {
	struct rp_res *res;
	struct inode *inode;
};

static vm_fault_t ra_fault(struct vm_fault *vmf)
{
	struct ra_dev *d = vmf->vma->vm_private_data;
	struct rp_res *res = smp_load_acquire(&d->res);

	if (!res)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, (res->bar >> PAGE_SHIFT) + vmf->pgoff);
}

static const struct vm_operations_struct ra_vm_ops = { .fault = ra_fault };

void ra_unplug(struct ra_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	WRITE_ONCE(d->res, NULL); /* expect: revoke-order cleared after the zap */
}
