#include <linux/mmlint_stub.h>
/*
 * The same shape with vmf_insert_mixed() of a pfn_t built in a helper, a
 * write-combined ->mmap, and the fault stored by an assignment at probe time.
 */

struct platform_driver {
	void (*remove_new)(void *pdev);
};

struct fm_ctx {
	phys_addr_t aperture;
	struct vm_operations_struct vm_ops;
};

static vm_fault_t fm_map_page(struct vm_fault *vmf, struct fm_ctx *c)
{
	unsigned long pfn = PHYS_PFN(c->aperture) + ((vmf->address - vmf->vma->vm_start) >> PAGE_SHIFT);

	return vmf_insert_mixed(vmf->vma, vmf->address, __pfn_to_pfn_t(pfn, PFN_DEV)); /* expect: mmio-survives-teardown */
}

static vm_fault_t fm_fault(struct vm_fault *vmf)
{
	return fm_map_page(vmf, vmf->vma->vm_private_data);
}

static int fm_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct fm_ctx *c = f->private_data;

	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	vma->vm_private_data = c;
	vma->vm_ops = &c->vm_ops;
	return 0;
}

static const struct file_operations fm_fops = { .mmap = fm_mmap };

void fm_probe(struct fm_ctx *c)
{
	c->vm_ops.fault = fm_fault;
}

static void fm_remove(void *pdev)
{
}

static struct platform_driver fm_driver = { .remove_new = fm_remove };
