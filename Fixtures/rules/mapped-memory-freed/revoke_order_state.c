#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed reads the state that stops new mappings as revoke-order does (one helper,
 * Engine.lateStateStores, with revoke-order's state_reads/state_writes): a zap before the free
 * revokes nothing when the state the inserting fault tests changes after it — tested under a
 * lock the revoke drops between the zap and the store, spelled as a bit flag, or tested in a
 * callee of the fault. Before the shared helper this rule saw only plain members tested with no
 * lock held in the inserting function itself. Quiet: the zap and the store in one section of
 * the lock the fault tests and inserts under.
 */

void set_bit(long nr, unsigned long *addr);

#define RS_DEAD 0

struct rs_dev {
	void *buf;
	bool dead;
	unsigned long flags;
	struct mutex lock;
	struct inode *inode;
};

static vm_fault_t rs_fault(struct vm_fault *vmf)
{
	struct rs_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	if (test_bit(RS_DEAD, &d->flags))
		return VM_FAULT_SIGBUS;
	mutex_lock(&d->lock);
	if (!d->dead)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(d->buf) >> PAGE_SHIFT);
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct rs_vm_ops = { .fault = rs_fault };

/* The zap in one section, the store in another: a fault runs between them. */
void rs_remove_two_sections(struct rs_dev *d)
{
	mutex_lock(&d->lock);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	mutex_unlock(&d->lock);
	mutex_lock(&d->lock);
	d->dead = true;		/* expect: revoke-order */
	mutex_unlock(&d->lock);
	kfree(d->buf); /* expect: mapped-memory-freed */
}

/* A bit flag the fault tests with test_bit(), set after the zap. */
void rs_remove_bit(struct rs_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	set_bit(RS_DEAD, &d->flags);	/* expect: revoke-order */
	kfree(d->buf); /* expect: mapped-memory-freed */
}

/* Fixed: the zap and the store in one section of the lock the fault tests and inserts under. */
void rs_remove_one_section(struct rs_dev *d)
{
	mutex_lock(&d->lock);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->dead = true;		/* ok: revoke-order */
	mutex_unlock(&d->lock);
	kfree(d->buf); /* ok: mapped-memory-freed */
}

/* The state tested in a callee of the inserting function. */
struct rs_win {
	void *mem;
	bool closing;
	struct address_space *mapping;
};

static int rs_win_check(struct rs_win *w)
{
	if (w->closing)
		return -ENODEV;
	return 0;
}

static vm_fault_t rs_win_fault(struct vm_fault *vmf)
{
	struct rs_win *w = vmf->vma->vm_private_data;

	if (rs_win_check(w))
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(w->mem) >> PAGE_SHIFT);
}

static const struct vm_operations_struct rs_win_ops = { .fault = rs_win_fault };

void rs_win_teardown(struct rs_win *w)
{
	unmap_mapping_range(w->mapping, 0, 0, 1);
	w->closing = true;	/* expect: revoke-order */
	vfree(w->mem); /* expect: mapped-memory-freed */
}

void rs_win_teardown_fixed(struct rs_win *w)
{
	w->closing = true; /* expect: revoke-order (the fault tests it locklessly and no grace period follows) */
	unmap_mapping_range(w->mapping, 0, 0, 1);
	vfree(w->mem); /* ok: mapped-memory-freed */
}
