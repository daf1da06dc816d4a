#include <linux/mmlint_stub.h>
/*
 * revoke-order, a gap (todo): the "gone" state kept in a flags word, set with `|=` after the
 * zap and tested with `&` in the fault. A fault between the zap and the store sees the device
 * alive and inserts the BAR's pfn again. Not seen: a compound `|=` is no store event and
 * `d->flags & BIT` has no value in the facts (making it the member's value would make the
 * reference walk correlate tests of different bits). The same state as a bool is revoke_order.c.
 */
#define RF_SUSPENDED	0x2

struct rf_dev {
	unsigned long flags;
	phys_addr_t bar;
	struct inode *inode;
};

static vm_fault_t rf_fault(struct vm_fault *vmf)
{
	struct rf_dev *d = vmf->vma->vm_private_data;

	if (d->flags & RF_SUSPENDED)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, (d->bar >> PAGE_SHIFT) + vmf->pgoff);
}

static const struct vm_operations_struct rf_vm_ops = { .fault = rf_fault };

static int rf_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &rf_vm_ops;
	vma->vm_private_data = f->private_data;
	return 0;
}

static const struct file_operations rf_fops = { .mmap = rf_mmap };

void rf_suspend(struct rf_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->flags |= RF_SUSPENDED; /* todo: revoke-order */
}
