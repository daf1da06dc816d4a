#include <linux/mmlint_stub.h>
/*
 * A uio-style core: ->mmap maps a driver's region with remap_pfn_range() — no
 * io_remap_pfn_range() — after giving the vma an uncached protection: that is
 * the evidence the region is device memory. The core's unregister, which the
 * drivers' remove() calls, never revokes (drivers/uio/uio.c uio_mmap_physical,
 * uio_unregister_device in 6.12).
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

enum { XU_MEM_PHYS = 1, XU_MEM_IOVA = 2 };

struct xu_mem {
	phys_addr_t addr;
	unsigned long size;
	int memtype;
};

struct xu_info {
	struct xu_mem mem[4];
};

struct xu_device {
	struct xu_info *info;
};

static int xu_mmap_physical(struct vm_area_struct *vma)
{
	struct xu_device *idev = vma->vm_private_data;
	struct xu_mem *mem = idev->info->mem;

	if (mem->memtype == XU_MEM_PHYS)
		vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, mem->addr >> PAGE_SHIFT, /* expect: mmio-survives-teardown */
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static int xu_mmap(struct file *filep, struct vm_area_struct *vma)
{
	vma->vm_private_data = filep->private_data;
	return xu_mmap_physical(vma);
}

static const struct file_operations xu_fops = { .mmap = xu_mmap };

void xu_unregister_device(struct xu_info *info)
{
	info->mem[0].addr = 0;
}

/* A driver of the core: its remove() unregisters, nothing zaps. */
struct xu_pci {
	struct xu_info info;
};

static void xu_pci_remove(void *pdev)
{
	struct xu_pci *gdev = pdev;

	xu_unregister_device(&gdev->info);
}

static struct pci_driver xu_pci_driver = { .remove = xu_pci_remove };
