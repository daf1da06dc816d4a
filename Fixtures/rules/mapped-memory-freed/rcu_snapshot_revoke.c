#include <linux/mmlint_stub.h>
/*
 * Fault-time mapping of a kmalloc()ed shared status page published through an RCU pointer
 * (include/linux/rcupdate.h spellings). The revoke is complete: unpublish, synchronize_rcu()
 * (faults that found the page have inserted and left their read section), zap, then free; a
 * later fault finds NULL and fails. Must stay quiet.
 */

#define rcu_dereference(p) ({ typeof(*p) *________p1 = (typeof(*p) *)READ_ONCE(p); ((typeof(*p) *)(________p1)); })
#define rcu_assign_pointer(p, v) do { smp_store_release(&(p), (v)); } while (0)

struct platform_driver {
	void (*remove)(struct platform_device *pdev);
};

struct ms_status {
	unsigned long seq;
	unsigned long flags;
};

struct ms_dev {
	struct ms_status *status;
	struct inode *inode;
};

static vm_fault_t ms_fault(struct vm_fault *vmf)
{
	struct ms_dev *d = vmf->vma->vm_private_data;
	struct ms_status *st;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	rcu_read_lock();
	st = rcu_dereference(d->status);
	if (st)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(st) >> PAGE_SHIFT);
	rcu_read_unlock();
	return ret;
}

static const struct vm_operations_struct ms_vm_ops = { .fault = ms_fault };

static void ms_remove(struct platform_device *pdev)
{
	struct ms_dev *d = platform_get_drvdata(pdev);
	struct ms_status *st = d->status;

	rcu_assign_pointer(d->status, NULL);
	synchronize_rcu();
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	kfree(st); /* ok: mapped-memory-freed unpublished waited for and zapped first */
}

static struct platform_driver ms_driver = { .remove = ms_remove };
