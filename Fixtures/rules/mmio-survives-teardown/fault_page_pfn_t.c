#include <linux/mmlint_stub.h>
/*
 * A fault that inserts a trace buffer's page as a pfn_t (vmf_insert_mixed(…,
 * page_to_pfn_t(page)), intel_th's msu): RAM, whatever protection the mmap sets, so no MMIO
 * outlives the teardown. Reported before the pfn_t made from a page was read as RAM (once
 * intel_th's driver hook was a teardown).
 */

struct device_driver {
	const char *name;
};

struct fp_th_device;

struct intel_th_driver {
	struct device_driver driver;
	void (*remove)(struct fp_th_device *thdev);
};

struct fp_buf {
	struct page **pages;
	unsigned long nr;
	phys_addr_t bar;
};

static struct page *fp_get_page(struct fp_buf *b, pgoff_t pgoff)
{
	return pgoff < b->nr ? b->pages[pgoff] : NULL;
}

static vm_fault_t fp_fault(struct vm_fault *vmf)
{
	struct fp_buf *b = vmf->vma->vm_private_data;
	struct page *page = fp_get_page(b, vmf->pgoff);

	if (!page)
		return VM_FAULT_SIGBUS;
	return vmf_insert_mixed(vmf->vma, vmf->address, page_to_pfn_t(page)); /* ok: mmio-survives-teardown */
}

static const struct vm_operations_struct fp_vm_ops = { .fault = fp_fault };

static int fp_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_private_data = f->private_data;
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	vma->vm_ops = &fp_vm_ops;
	return 0;
}

static const struct file_operations fp_fops = { .mmap = fp_mmap };

static void fp_remove(struct fp_th_device *thdev)
{
}

static struct intel_th_driver fp_driver = { .remove = fp_remove };
