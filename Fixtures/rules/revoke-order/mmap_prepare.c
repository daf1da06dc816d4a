#include <linux/mmlint_stub.h>
/*
 * revoke-order for a driver on f_op->mmap_prepare (6.16+: the hook gets a struct vm_area_desc
 * before the VMA exists, include/linux/fs.h): it refuses new mappings there, so the state it
 * tests is what a revoke must change first; the descriptor's own fields (desc->vm_flags) are
 * the mapping's, not the device's.
 */

struct na_dev {
	void *buf;
	bool gone;
	bool dead;
	struct inode *inode;
	struct srcu_struct srcu;
};

static vm_fault_t na_fault(struct vm_fault *vmf)
{
	struct na_dev *d = vmf->vma->vm_private_data;

	if (d->dead)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(virt_to_page(d->buf)));
}

static const struct vm_operations_struct na_vm_ops = { .fault = na_fault };

/* 6.16+: the mapping is refused in ->mmap_prepare; the descriptor's own fields are the
 * mapping's, not device state. */
static int na_mmap_prepare(struct vm_area_desc *desc)
{
	struct na_dev *d = desc->file->private_data;

	if (!(desc->vm_flags & VM_SHARED))
		return -EINVAL;
	if (d->gone)
		return -ENODEV;
	desc->vm_ops = &na_vm_ops;
	desc->private_data = d;
	return 0;
}

static const struct file_operations na_fops = { .mmap_prepare = na_mmap_prepare };

/* the flag ->mmap_prepare tests, set after the zap: an mmap between the two maps again */
void na_remove(struct na_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->gone = true; /* expect: revoke-order */
}

/* fixed: the state first, the grace period, then the zap */
void na_remove_fixed(struct na_dev *d)
{
	d->gone = true; /* ok: revoke-order */
	synchronize_srcu(&d->srcu);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}
