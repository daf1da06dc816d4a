#include <linux/mmlint_stub.h>
/*
 * The protection in ->mmap, the pfn insert in a helper: write-combined (a
 * function on x86) and pgprot_device (an alias macro) are device memory too.
 */

struct platform_driver {
	void (*remove_new)(void *pdev);
};

struct pm_dev {
	phys_addr_t fb_base;
	phys_addr_t regs;
	unsigned long len;
};

static int pm_map(struct pm_dev *d, struct vm_area_struct *vma, phys_addr_t base)
{
	return remap_pfn_range(vma, vma->vm_start, base >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* expect: mmio-survives-teardown */
}

static int pm_mmap_wc(struct file *f, struct vm_area_struct *vma)
{
	struct pm_dev *d = f->private_data;

	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	return pm_map(d, vma, d->fb_base);
}

static const struct file_operations pm_fops = { .mmap = pm_mmap_wc };

static void pm_remove(void *pdev)
{
}

static struct platform_driver pm_driver = { .remove_new = pm_remove };

/* The same with pgprot_device, in another file_operations of a second driver. */
struct platform_driver2 {
	void (*remove_new)(void *pdev);
};

static int pd_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct pm_dev *d = f->private_data;

	vma->vm_page_prot = pgprot_device(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, d->regs >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* expect: mmio-survives-teardown */
}

static const struct file_operations pd_fops = { .mmap = pd_mmap };

/*
 * hfi1's shape: one ->mmap maps kernel memory (remap_pfn_range of __pa()) on
 * one branch and the chip's registers (io_remap_pfn_range, write-combined) on
 * another: the report is on the registers, not on the RAM.
 */
struct pci_driver3 {
	void (*remove)(void *pdev);
};

static int hf_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct pm_dev *d = f->private_data;
	void *memvirt = f->private_data;

	if (vma->vm_pgoff == 1) {
		vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
		return remap_pfn_range(vma, vma->vm_start, PFN_DOWN(__pa(memvirt)), d->len, vma->vm_page_prot); /* ok: mmio-survives-teardown */
	}
	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	return io_remap_pfn_range(vma, vma->vm_start, PFN_DOWN(d->regs), d->len, vma->vm_page_prot); /* expect: mmio-survives-teardown */
}

static const struct file_operations hf_fops = { .mmap = hf_mmap };
