#include <linux/mmlint_stub.h>
/*
 * revoke-order, the fixed forms: the state change comes first (and a grace period orders it
 * against faults that already tested it), or the zap and the state change sit in one write
 * section of the lock the fault takes for reading (vfio-pci's memory_lock, including the
 * shape where the zapping helper takes the lock and the caller releases it).
 */

struct sf_dev {
	void *buf;
	bool alive;
	bool engaged;
	struct inode *inode;
	struct rw_semaphore memory_lock;
	struct srcu_struct srcu;
};

static vm_fault_t sf_fault(struct vm_fault *vmf)
{
	struct sf_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	int idx;

	idx = srcu_read_lock(&d->srcu);
	if (d->alive)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(virt_to_page(d->buf)));
	srcu_read_unlock(&d->srcu, idx);
	return ret;
}

static vm_fault_t sf_bar_fault(struct vm_fault *vmf)
{
	struct sf_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	down_read(&d->memory_lock);
	if (!d->engaged)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, 0);
	up_read(&d->memory_lock);
	return ret;
}

static const struct vm_operations_struct sf_vm_ops = { .fault = sf_fault };
static const struct vm_operations_struct sf_bar_ops = { .fault = sf_bar_fault };

/* device-dax: clear the flag, wait for the faults that saw it set, then zap */
void sf_kill(struct sf_dev *d)
{
	d->alive = false; /* ok: revoke-order */
	synchronize_srcu(&d->srcu);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

/* zap and state change in one write section of the lock the fault reads under */
void sf_suspend(struct sf_dev *d)
{
	down_write(&d->memory_lock);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->engaged = true; /* ok: revoke-order */
	up_write(&d->memory_lock);
}

/* vfio-pci's shape: the helper takes the write lock and zaps; the caller stores and releases */
static void sf_zap_and_down_write(struct sf_dev *d)
{
	down_write(&d->memory_lock);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

void sf_runtime_suspend(struct sf_dev *d)
{
	sf_zap_and_down_write(d);
	d->engaged = true; /* ok: revoke-order */
	up_write(&d->memory_lock);
}

/* re-arming after a revoke is not a revoke: the flag goes back on after the zap (resume) */
void sf_resume(struct sf_dev *d)
{
	d->engaged = true;
	up_write(&d->memory_lock);
}

/*
 * The fault tests the slot in a helper, under the lock its caller took; the eviction that
 * zaps and then clears the slot runs under the same lock (its caller's): not judged.
 */
struct sl_slot {
	void *obj;
};

struct sl_obj {
	struct mutex lock;
	struct inode *inode;
	struct sl_slot *slot;
};

static void sl_evict(struct sl_obj *o, struct sl_slot *slot)
{
	unmap_mapping_range(o->inode->i_mapping, 0, PAGE_SIZE, 1);
	slot->obj = NULL; /* ok: revoke-order */
}

static vm_fault_t sl_fault_slot(struct sl_obj *o, struct vm_fault *vmf)
{
	struct sl_slot *slot = o->slot;

	if (slot->obj)
		sl_evict(o, slot);
	slot->obj = o;
	return vmf_insert_pfn(vmf->vma, vmf->address, 0);
}

static vm_fault_t sl_fault(struct vm_fault *vmf)
{
	struct sl_obj *o = vmf->vma->vm_private_data;
	vm_fault_t ret;

	mutex_lock(&o->lock);
	ret = sl_fault_slot(o, vmf);
	mutex_unlock(&o->lock);
	return ret;
}

static const struct vm_operations_struct sl_vm_ops = { .fault = sl_fault };
