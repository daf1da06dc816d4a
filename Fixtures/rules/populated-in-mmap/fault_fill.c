#include <linux/mmlint_stub.h>
/*
 * populated-in-mmap, quiet: the revocable mapping is filled at fault time (the never-revoked
 * driver and the error-path zap are never_revoked.c and error_path_zap.c).
 */

struct pf_dev {
	struct inode *inode;
	phys_addr_t bar;
	bool gone;
};

static vm_fault_t pf_fault(struct vm_fault *vmf)
{
	struct pf_dev *d = vmf->vma->vm_private_data;

	if (d->gone)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, d->bar >> PAGE_SHIFT); /* ok: populated-in-mmap */
}

static const struct vm_operations_struct pf_vm_ops = { .fault = pf_fault };

static int pf_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &pf_vm_ops;
	vma->vm_private_data = f->private_data;
	return 0;
}

static const struct file_operations pf_fops = { .mmap = pf_mmap };

void pf_remove(struct pf_dev *d)
{
	d->gone = true; /* expect: revoke-order (the fault tests it locklessly and no grace period follows) */
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}
