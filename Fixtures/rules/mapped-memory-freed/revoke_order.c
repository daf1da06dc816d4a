#include <linux/mmlint_stub.h>
/*
 * KNOWN MISS (todo) of mapped-memory-freed: a zap before the free is taken as a revoke, but
 * here the fault handler can re-insert the page between the zap and the state change (the
 * `dead` flag is set after the zap, with no lock the fault also takes), so the free still
 * races a live mapping. revoke-order reports the cause, at the late state change.
 */

struct ro_dev {
	void *buf;
	bool dead;
	struct inode *inode;
};

static vm_fault_t ro_fault(struct vm_fault *vmf)
{
	struct ro_dev *d = vmf->vma->vm_private_data;

	if (d->dead)
		return VM_FAULT_ERROR;
	return vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(virt_to_page(d->buf)));
}

static const struct vm_operations_struct ro_vm_ops = { .fault = ro_fault };

void ro_remove(struct ro_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->dead = true;		/* expect: revoke-order */
	kfree(d->buf); /* todo: mapped-memory-freed */
}
