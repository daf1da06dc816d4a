#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed (formerly a known miss): a zap before the free is no revoke when the fault
 * handler can re-insert the page between the zap and the state change (the `dead` flag is set
 * after the zap, with no lock the fault also takes), so the free still races a live mapping.
 * revoke-order reports the cause, at the late state change; this rule the free.
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
	kfree(d->buf); /* expect: mapped-memory-freed */
}

/* The same with the state in another spelling (a counter the fault tests), and the fixed order. */
struct ro_win {
	unsigned long pfn_base;
	void *mem;
	int users_allowed;
	struct address_space *mapping;
};

static vm_fault_t ro_win_fault(struct vm_fault *vmf)
{
	struct ro_win *w = vmf->vma->vm_private_data;

	if (!w->users_allowed)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(w->mem) >> PAGE_SHIFT);
}

static const struct vm_operations_struct ro_win_ops = { .fault = ro_win_fault };

static void ro_win_zap(struct ro_win *w)
{
	unmap_mapping_range(w->mapping, 0, 0, 1);
}

void ro_win_teardown(struct ro_win *w)
{
	ro_win_zap(w);
	w->users_allowed = 0;	/* expect: revoke-order */
	vfree(w->mem); /* expect: mapped-memory-freed */
}

void ro_win_teardown_fixed(struct ro_win *w)
{
	w->users_allowed = 0; /* expect: revoke-order (the fault tests it locklessly and no grace period follows) */
	ro_win_zap(w);
	vfree(w->mem); /* ok: mapped-memory-freed */
}
