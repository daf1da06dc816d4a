#include <linux/mmlint_stub.h>
/*
 * dma_handle_ram.c with the handle taken into a local first: `va = dma_alloc_coherent(dev,
 * size, &handle, …)`, then stored in the member directly or through a setter the probe calls
 * with it. Every store of the member is a handle the allocator filled: coherent RAM mapped by
 * its handle, not a BAR (uio_dmem_genirq's shape). Reported still: a member one store fills
 * from the BAR's resource as well (the pfn may be MMIO).
 */

struct pci_dev { struct device *dev; void *driver_data; };
void pci_release_regions(struct pci_dev *pdev);
typedef unsigned long long resource_size_t;
resource_size_t pci_resource_start(struct pci_dev *pdev, int bar);
struct pci_driver {
	int (*probe)(struct pci_dev *pdev, const void *id);
	void (*remove)(struct pci_dev *pdev);
};

struct hl_dev {
	struct device *dev;
	void *cpu;
	dma_addr_t dma;
	dma_addr_t win;
	size_t size;
};

static void hl_set_buf(struct hl_dev *d, void *cpu, dma_addr_t dma)
{
	d->cpu = cpu;
	d->dma = dma;
}

static int hl_probe(struct pci_dev *pdev, const void *id)
{
	struct hl_dev *d = pdev->driver_data;
	dma_addr_t handle, bus;
	void *va;

	va = dma_alloc_coherent(d->dev, d->size, &handle, GFP_KERNEL);
	if (!va)
		return -ENOMEM;
	hl_set_buf(d, va, handle);
	if (dma_alloc_coherent(d->dev, d->size, &bus, GFP_KERNEL))
		d->win = bus;
	else
		d->win = pci_resource_start(pdev, 2);
	return 0;
}

static int hl_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct hl_dev *d = f->private_data;

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, d->dma >> PAGE_SHIFT, d->size, /* ok: mmio-survives-teardown coherent ram by its handle */
			       vma->vm_page_prot);
}

static const struct file_operations hl_fops = { .mmap = hl_mmap };

static int hl_mmap_win(struct file *f, struct vm_area_struct *vma)
{
	struct hl_dev *d = f->private_data;

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, d->win >> PAGE_SHIFT, d->size, /* expect: mmio-survives-teardown one store is the bar */
			       vma->vm_page_prot);
}

static const struct file_operations hl_win_fops = { .mmap = hl_mmap_win };

static void hl_remove(struct pci_dev *pdev)
{
	pci_release_regions(pdev);
}

static struct pci_driver hl_driver = { .probe = hl_probe, .remove = hl_remove };
