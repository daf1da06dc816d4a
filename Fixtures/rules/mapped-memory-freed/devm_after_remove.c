#include <linux/mmlint_stub.h>
/*
 * A buffer freed by a device-managed action registered at probe. At unbind the driver core
 * calls the driver's remove() first and runs the managed actions after it returns
 * (drivers/base/dd.c: device_remove(), then device_unbind_cleanup() -> devres_release_all()):
 * a remove() that zaps the file's mappings on every path comes before the free. A driver whose
 * remove() does not zap is still reported at the action's free.
 */

struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	void (*remove)(struct platform_device *pdev);
};

struct device *da_pdev_dev(struct platform_device *pdev);

struct da_dev {
	struct device *dev;
	void *ring;
	dma_addr_t ring_dma;
	size_t ring_size;
	struct inode *inode;
};

static vm_fault_t da_fault(struct vm_fault *vmf)
{
	struct da_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, PHYS_PFN(virt_to_phys(d->ring)) + vmf->pgoff);
}

static const struct vm_operations_struct da_vm_ops = { .fault = da_fault };

static void da_free_ring(void *data)
{
	struct da_dev *d = data;

	dma_free_coherent(d->dev, d->ring_size, d->ring, d->ring_dma); /* ok: mapped-memory-freed */
}

static int da_setup_ring(struct da_dev *d)
{
	d->ring = dma_alloc_coherent(d->dev, d->ring_size, &d->ring_dma, GFP_KERNEL);
	if (!d->ring)
		return -ENOMEM;
	return devm_add_action_or_reset(d->dev, da_free_ring, d);
}

static int da_probe(struct platform_device *pdev)
{
	struct da_dev *d = devm_kzalloc(da_pdev_dev(pdev), sizeof(*d), GFP_KERNEL);

	if (!d)
		return -ENOMEM;
	d->dev = da_pdev_dev(pdev);
	d->ring_size = 16 * PAGE_SIZE;
	pdev->driver_data = d;
	return da_setup_ring(d);
}

static void da_remove(struct platform_device *pdev)
{
	struct da_dev *d = platform_get_drvdata(pdev);

	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

static struct platform_driver da_driver = {
	.probe = da_probe,
	.remove = da_remove,
};

/* The twin: remove() revokes nothing. */
struct dn_dev {
	struct device *dev;
	void *ring;
	dma_addr_t ring_dma;
	size_t ring_size;
	struct inode *inode;
};

static vm_fault_t dn_fault(struct vm_fault *vmf)
{
	struct dn_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, PHYS_PFN(virt_to_phys(d->ring)) + vmf->pgoff);
}

static const struct vm_operations_struct dn_vm_ops = { .fault = dn_fault };

static void dn_free_ring(void *data)
{
	struct dn_dev *d = data;

	dma_free_coherent(d->dev, d->ring_size, d->ring, d->ring_dma); /* expect: mapped-memory-freed */
}

static int dn_probe(struct platform_device *pdev)
{
	struct dn_dev *d = devm_kzalloc(da_pdev_dev(pdev), sizeof(*d), GFP_KERNEL);

	if (!d)
		return -ENOMEM;
	d->dev = da_pdev_dev(pdev);
	d->ring = dma_alloc_coherent(d->dev, d->ring_size, &d->ring_dma, GFP_KERNEL);
	if (!d->ring)
		return -ENOMEM;
	pdev->driver_data = d;
	return devm_add_action_or_reset(d->dev, dn_free_ring, d);
}

static void dn_remove(struct platform_device *pdev)
{
	struct dn_dev *d = platform_get_drvdata(pdev);

	d->ring_size = 0;
}

static struct platform_driver dn_driver = {
	.probe = dn_probe,
	.remove = dn_remove,
};
