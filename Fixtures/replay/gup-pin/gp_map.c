#include <linux/mmlint_stub.h>
#include "gp.h"

static int gp_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct gp_dev *d = f->private_data;

	return vm_insert_page(vma, vma->vm_start, virt_to_page(d->ring));
}

static vm_fault_t gp_fault(struct vm_fault *vmf)
{
	struct gp_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_mixed(vmf->vma, vmf->address, page_to_pfn_t(virt_to_page(d->doorbell)));
}

static const struct file_operations gp_fops = { .mmap = gp_mmap };
static const struct vm_operations_struct gp_vm_ops = { .fault = gp_fault };
