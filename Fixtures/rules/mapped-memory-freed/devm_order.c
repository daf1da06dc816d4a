#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: frees that are device-managed actions. At unbind devres runs a device's
 * actions in the reverse order of registration (drivers/base/devres.c release_nodes()): a free
 * registered before an action that zaps the mappings runs after the zap. Registered after it
 * (or with no zapping action at all), the free runs first, while user space still maps the ring.
 */

struct dm_dev {
	struct device *dev;
	void *ring;
	dma_addr_t ring_dma;
	size_t ring_size;
	struct inode *inode;
	struct mutex lock;
	bool dead;
};

static vm_fault_t dm_fault(struct vm_fault *vmf)
{
	struct dm_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&d->lock);
	if (!d->dead)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(virt_to_page(d->ring)) + vmf->pgoff);
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct dm_vm_ops = { .fault = dm_fault };

static int dm_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &dm_vm_ops;
	vma->vm_private_data = f->private_data;
	return 0;
}

static const struct file_operations dm_fops = { .mmap = dm_mmap };

static void dm_free_ring(void *data)
{
	struct dm_dev *d = data;

	dma_free_coherent(d->dev, d->ring_size, d->ring, d->ring_dma); /* ok: mapped-memory-freed */
}

static void dm_revoke(void *data)
{
	struct dm_dev *d = data;

	mutex_lock(&d->lock);
	d->dead = true;
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	mutex_unlock(&d->lock);
}

/* Fixed: the revoke is registered after the free, so it runs first. */
int dm_probe(struct dm_dev *d)
{
	int ret;

	d->ring = dma_alloc_coherent(d->dev, d->ring_size, &d->ring_dma, GFP_KERNEL);
	if (!d->ring)
		return -ENOMEM;
	ret = devm_add_action_or_reset(d->dev, dm_free_ring, d);
	if (ret)
		return ret;
	return devm_add_action_or_reset(d->dev, dm_revoke, d);
}

/* The same driver shape, the actions registered the other way round: the free runs first. */
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

	return vmf_insert_pfn(vmf->vma, vmf->address, (virt_to_phys(d->ring) >> PAGE_SHIFT) + vmf->pgoff);
}

static const struct vm_operations_struct dn_vm_ops = { .fault = dn_fault };

static void dn_free_ring(void *data)
{
	struct dn_dev *d = data;

	dma_free_coherent(d->dev, d->ring_size, d->ring, d->ring_dma); /* expect: mapped-memory-freed */
}

static void dn_zap(struct dn_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

static void dn_revoke(void *data)
{
	dn_zap(data);
}

int dn_probe(struct dn_dev *d)
{
	int ret;

	d->ring = dma_alloc_coherent(d->dev, d->ring_size, &d->ring_dma, GFP_KERNEL);
	if (!d->ring)
		return -ENOMEM;
	ret = devm_add_action(d->dev, dn_revoke, d);
	if (ret)
		return ret;
	return devm_add_action(d->dev, dn_free_ring, d);
}

/* No zapping action at all: a device-managed free is as early as one in remove(). */
struct dz_dev {
	struct device *dev;
	void *buf;
	size_t size;
};

static int dz_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct dz_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static const struct file_operations dz_fops = { .mmap = dz_mmap };

static void dz_free(void *data)
{
	struct dz_dev *d = data;

	kfree(d->buf); /* expect: mapped-memory-freed */
}

int dz_probe(struct dz_dev *d)
{
	d->buf = kzalloc(d->size, GFP_KERNEL);
	if (!d->buf)
		return -ENOMEM;
	return devm_add_action_or_reset(d->dev, dz_free, d);
}
