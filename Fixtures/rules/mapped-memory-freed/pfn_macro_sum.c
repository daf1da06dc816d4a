#include <linux/mmlint_stub.h>
/*
 * A page frame number written as a macro's result plus and minus offsets
 * (`PHYS_PFN(virt_to_phys(d->a)) + vmf->pgoff - d->a_off`): the sum is written in the
 * source, the macro only writes its left operand, so the pfn still starts from d->a. (A sum
 * a macro writes whole is not read this way.)
 */

struct ps_dev {
	void *a;
	void *b;
	unsigned long a_off, b_off;
	struct inode *inode;
};

static vm_fault_t ps_fault(struct vm_fault *vmf)
{
	struct ps_dev *d = vmf->vma->vm_private_data;
	unsigned long pfn;

	if (vmf->pgoff < d->b_off)
		pfn = PHYS_PFN(virt_to_phys(d->a)) + vmf->pgoff - d->a_off;
	else
		pfn = PHYS_PFN(virt_to_phys(d->b)) - d->b_off + vmf->pgoff;
	return vmf_insert_pfn(vmf->vma, vmf->address, pfn);
}

static const struct vm_operations_struct ps_vm_ops = { .fault = ps_fault };

void ps_remove(struct ps_dev *d)
{
	kfree(d->a); /* expect: mapped-memory-freed */
	kfree(d->b); /* expect: mapped-memory-freed */
}

/*
 * A zap alone is no revoke: the fault tests only an offset (d->b_off), which remove() never
 * changes, so the next access refaults and maps the freed buffer again.
 */
void ps_remove_zapped(struct ps_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	kfree(d->a); /* expect: mapped-memory-freed the next fault maps it again */
	kfree(d->b); /* expect: mapped-memory-freed the next fault maps it again */
}
