#include <linux/mmlint_stub.h>
/*
 * A small drm driver (drivers/gpu/drm/tiny/ style) that exposes a coherent status ring at a
 * fixed mmap offset of the drm file, inserted at fault time inside drm_dev_enter()/exit().
 * remove() calls drm_dev_unplug() - 6.12 drm_drv.c: unplugged = true, synchronize_srcu(),
 * drm_dev_unregister(), unmap_mapping_range(dev->anon_inode->i_mapping, 0, 0, 1), the
 * address_space every drm file's f_mapping points at (drm_file.c) - and only then frees the
 * ring: state change, grace period and zap, then the free. Must stay quiet (the run does not
 * parse drm_drv.c, as a driver folder's run would not).
 * The same driver calling drm_dev_unregister() (no zap) is the bug (dv_remove); the unplug
 * in a helper the remove calls first is quiet (dh_remove).
 */

struct drm_device;
bool drm_dev_enter(struct drm_device *dev, int *idx);
void drm_dev_exit(int idx);
void drm_dev_unplug(struct drm_device *dev);
void drm_dev_unregister(struct drm_device *dev);

struct platform_driver {
	void (*remove)(struct platform_device *pdev);
};

struct du_dev {
	struct drm_device *drm;
	struct device *dev;
	void *ring;
	dma_addr_t ring_dma;
	size_t ring_size;
};

static vm_fault_t du_fault(struct vm_fault *vmf)
{
	struct du_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret;
	int idx;

	if (!drm_dev_enter(d->drm, &idx))
		return VM_FAULT_SIGBUS;
	ret = vmf_insert_pfn(vmf->vma, vmf->address, (virt_to_phys(d->ring) >> PAGE_SHIFT) + vmf->pgoff);
	drm_dev_exit(idx);
	return ret;
}

static const struct vm_operations_struct du_vm_ops = { .fault = du_fault };

static void du_remove(struct platform_device *pdev)
{
	struct du_dev *d = platform_get_drvdata(pdev);

	drm_dev_unplug(d->drm);
	dma_free_coherent(d->dev, d->ring_size, d->ring, d->ring_dma); /* ok: mapped-memory-freed drm dev unplug revoked first */
}

static struct platform_driver du_driver = { .remove = du_remove };

struct dv_dev {
	struct drm_device *drm;
	struct device *dev;
	void *ring;
	dma_addr_t ring_dma;
	size_t ring_size;
};

static vm_fault_t dv_fault(struct vm_fault *vmf)
{
	struct dv_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, (virt_to_phys(d->ring) >> PAGE_SHIFT) + vmf->pgoff);
}

static const struct vm_operations_struct dv_vm_ops = { .fault = dv_fault };

static void dv_remove(struct platform_device *pdev)
{
	struct dv_dev *d = platform_get_drvdata(pdev);

	drm_dev_unregister(d->drm);
	dma_free_coherent(d->dev, d->ring_size, d->ring, d->ring_dma); /* expect: mapped-memory-freed drm dev unregister does not zap */
}

static struct platform_driver dv_driver = { .remove = dv_remove };

/* The unplug in a helper the remove calls first (a second spelling). */
struct dh_dev {
	struct drm_device *drm;
	struct device *dev;
	void *ring;
	dma_addr_t ring_dma;
	size_t ring_size;
};

static vm_fault_t dh_fault(struct vm_fault *vmf)
{
	struct dh_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	int idx;

	if (drm_dev_enter(d->drm, &idx)) {
		ret = vmf_insert_pfn(vmf->vma, vmf->address, PHYS_PFN(virt_to_phys(d->ring)) + vmf->pgoff);
		drm_dev_exit(idx);
	}
	return ret;
}

static const struct vm_operations_struct dh_vm_ops = { .fault = dh_fault };

static void dh_hw_fini(struct dh_dev *d)
{
	drm_dev_unplug(d->drm);
}

static void dh_remove(struct platform_device *pdev)
{
	struct dh_dev *d = platform_get_drvdata(pdev);

	dh_hw_fini(d);
	dma_free_coherent(d->dev, d->ring_size, d->ring, d->ring_dma); /* ok: mapped-memory-freed unplugged in a helper first */
}

static struct platform_driver dh_driver = { .remove = dh_remove };
