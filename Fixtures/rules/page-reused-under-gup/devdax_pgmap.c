#include <linux/mmlint_stub.h>
/*
 * page-reused-under-gup, ZONE_DEVICE without a per-page drain (device-dax's shape,
 * drivers/dax/device.c): faults insert devmap PTEs (PFN_DEV | PFN_MAP), the pgmap
 * is MEMORY_DEVICE_GENERIC and devm tears it down with memunmap_pages() at unbind,
 * after the driver's revoke zapped every mapping. GUP-fast keeps a page reference
 * through a devmap PTE, and memunmap_pages() waits only for pgmap references, which
 * these pages do not hold: a core limitation (a note), not the driver's error.
 * A pool release of the same driver's memory stays a warning.
 */

struct dd_dev {
	struct dev_pagemap *pgmap;
	struct gen_pool *pool;
	void *meta;
	size_t size;
	struct inode *inode;
};

phys_addr_t dd_pgoff_to_phys(struct dd_dev *dd, unsigned long pgoff, unsigned long size);

static vm_fault_t dd_pte_fault(struct dd_dev *dd, struct vm_fault *vmf)
{
	phys_addr_t phys;
	pfn_t pfn;

	phys = dd_pgoff_to_phys(dd, vmf->address >> PAGE_SHIFT, PAGE_SIZE);
	pfn = phys_to_pfn_t(phys, PFN_DEV|PFN_MAP);
	return vmf_insert_mixed(vmf->vma, vmf->address, pfn);
}

static vm_fault_t dd_fault(struct vm_fault *vmf)
{
	return dd_pte_fault(vmf->vma->vm_private_data, vmf);
}

static const struct vm_operations_struct dd_vm_ops = { .fault = dd_fault };

int dd_probe(struct device *dev, struct dd_dev *dd)
{
	struct dev_pagemap *pgmap = dd->pgmap;
	void *addr;

	pgmap->type = MEMORY_DEVICE_GENERIC;
	addr = devm_memremap_pages(dev, pgmap); /* note: page-reused-under-gup replay=confirmed */
	return addr ? 0 : -ENOMEM;
}

/* The driver's metadata page, mapped with a devmap PTE too, returned to a pool. */
static vm_fault_t dd_meta_fault(struct vm_fault *vmf)
{
	struct dd_dev *dd = vmf->vma->vm_private_data;

	return vmf_insert_mixed(vmf->vma, vmf->address, __pfn_to_pfn_t(virt_to_phys(dd->meta) >> PAGE_SHIFT, PFN_DEV | PFN_MAP));
}

static const struct vm_operations_struct dd_meta_vm_ops = { .fault = dd_meta_fault };

void dd_meta_reset(struct dd_dev *dd)
{
	unmap_mapping_range(dd->inode->i_mapping, 0, 0, 1);
	gen_pool_free(dd->pool, (unsigned long)dd->meta, dd->size); /* expect: page-reused-under-gup replay=confirmed */
}
