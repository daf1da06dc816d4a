#include <linux/mmlint_stub.h>
/*
 * revoke-order with the state change made by a setter helper: after the zap the fault can
 * slip between the zap and the helper's store (reported at the call); before the zap it is
 * the fixed order (not reported). The helper's store counts when it is made on every path
 * through the helper (here through WRITE_ONCE()).
 */

struct sh_dev {
	void *buf;
	bool dead;
	int mode;
	struct inode *inode;
};

static vm_fault_t sh_fault(struct vm_fault *vmf)
{
	struct sh_dev *d = vmf->vma->vm_private_data;

	if (d->dead)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(d->buf) >> PAGE_SHIFT);
}

static const struct vm_operations_struct sh_vm_ops = { .fault = sh_fault };

static void sh_mark_dead(struct sh_dev *d)
{
	d->mode = 0;
	WRITE_ONCE(d->dead, true);
}

void sh_unplug(struct sh_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	sh_mark_dead(d); /* expect: revoke-order */
}

void sh_unplug_fixed(struct sh_dev *d)
{
	sh_mark_dead(d); /* ok: revoke-order */
	synchronize_srcu(NULL);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}
