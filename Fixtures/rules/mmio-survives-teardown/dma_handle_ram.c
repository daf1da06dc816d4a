#include <linux/mmlint_stub.h>
/*
 * A coherent RAM buffer mapped uncached by its DMA handle (`d->dma >> PAGE_SHIFT` where no
 * IOMMU translates; uio_dmem_genirq's and the dma-proxy drivers' shape): the member is filled
 * by dma_alloc_coherent()'s handle argument only, so the pfn is RAM's, not a BAR's, whatever
 * protection the driver chose — no MMIO to outlive the teardown (mapped-memory-freed judges the
 * buffer), with a pci_release_regions() teardown beside it. (A member the file fills from the
 * BAR's resource is MMIO: bar_member.c.)
 */

struct pci_dev { struct device *dev; void *driver_data; };
void pci_release_regions(struct pci_dev *pdev);
struct pci_driver {
	int (*probe)(struct pci_dev *pdev, const void *id);
	void (*remove)(struct pci_dev *pdev);
};

struct dh_dev {
	struct device *dev;
	void *cpu;
	dma_addr_t dma;
	size_t size;
};

static int dh_open(struct inode *inode, struct file *f)
{
	struct dh_dev *d = f->private_data;

	d->cpu = dma_alloc_coherent(d->dev, d->size, &d->dma, GFP_KERNEL);
	return d->cpu ? 0 : -ENOMEM;
}

static int dh_release(struct inode *inode, struct file *f)
{
	struct dh_dev *d = f->private_data;

	dma_free_coherent(d->dev, d->size, d->cpu, d->dma);
	return 0;
}

static int dh_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct dh_dev *d = f->private_data;

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, d->dma >> PAGE_SHIFT, d->size, /* ok: mmio-survives-teardown coherent ram by its handle */
			       vma->vm_page_prot);
}

static const struct file_operations dh_fops = { .open = dh_open, .mmap = dh_mmap, .release = dh_release };

static int dh_probe(struct pci_dev *pdev, const void *id)
{
	return 0;
}

static void dh_remove(struct pci_dev *pdev)
{
	pci_release_regions(pdev);
}

static struct pci_driver dh_driver = { .probe = dh_probe, .remove = dh_remove };
