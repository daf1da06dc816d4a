#include <linux/mmlint_stub.h>
/*
 * The zap in the caller: remove() revokes the file's mappings, then calls the helper that
 * frees (directly, or through the driver's own ops table). Every known call of the freeing
 * function comes after a zap on every way to it: the free runs after the revoke. A helper
 * that one caller reaches without a zap is still reported.
 */

void free_page(unsigned long addr);

struct cz_dev;

struct cz_hw_ops {
	void (*free_ring)(struct cz_dev *d);
};

struct cz_dev {
	struct device *dev;
	void *ring;
	dma_addr_t ring_dma;
	size_t ring_size;
	void *page;
	struct inode *inode;
	const struct cz_hw_ops *hw;
};

static vm_fault_t cz_fault(struct vm_fault *vmf)
{
	struct cz_dev *d = vmf->vma->vm_private_data;
	unsigned long pfn = vmf->pgoff ? PHYS_PFN(virt_to_phys(d->page)) : PHYS_PFN(virt_to_phys(d->ring));

	return vmf_insert_pfn(vmf->vma, vmf->address, pfn);
}

static const struct vm_operations_struct cz_vm_ops = { .fault = cz_fault };

static int cz_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &cz_vm_ops;
	vma->vm_private_data = f->private_data;
	return 0;
}

static const struct file_operations cz_fops = { .mmap = cz_mmap };

/* 1. A static helper called only after the zap. */
static void cz_free_page(struct cz_dev *d)
{
	free_page((unsigned long)d->page); /* ok: mapped-memory-freed */
}

void cz_remove(struct cz_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	cz_free_page(d);
	d->hw->free_ring(d);
}

/* 2. Reached only through the ops member, and that call comes after the zap above. */
static void cz_gen2_free_ring(struct cz_dev *d)
{
	dma_free_coherent(d->dev, d->ring_size, d->ring, d->ring_dma); /* ok: mapped-memory-freed */
}

static const struct cz_hw_ops cz_gen2_ops = { .free_ring = cz_gen2_free_ring };

/* 3. Two levels up: the helper's caller is itself called only after the zap. */
struct cy_dev {
	void *buf;
	struct inode *inode;
};

static vm_fault_t cy_fault(struct vm_fault *vmf)
{
	struct cy_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, PHYS_PFN(virt_to_phys(d->buf)));
}

static const struct vm_operations_struct cy_vm_ops = { .fault = cy_fault };

static void cy_free_buf(struct cy_dev *d)
{
	kfree(d->buf); /* ok: mapped-memory-freed */
}

static void cy_free_resources(struct cy_dev *d)
{
	cy_free_buf(d);
}

void cy_remove(struct cy_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	cy_free_resources(d);
}

/* 4. BUG: one caller zaps, the error path of the other does not. */
struct cx_dev {
	void *buf;
	struct inode *inode;
};

static vm_fault_t cx_fault(struct vm_fault *vmf)
{
	struct cx_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, PHYS_PFN(virt_to_phys(d->buf)));
}

static const struct vm_operations_struct cx_vm_ops = { .fault = cx_fault };

static void cx_free_buf(struct cx_dev *d)
{
	kfree(d->buf); /* expect: mapped-memory-freed */
}

void cx_remove(struct cx_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	cx_free_buf(d);
}

extern int cx_hw_reset(struct cx_dev *d);

int cx_reset(struct cx_dev *d)
{
	if (cx_hw_reset(d)) {
		cx_free_buf(d);
		return -EIO;
	}
	return 0;
}

/* 5. BUG: a zap on one branch only before the call. */
struct cw_dev {
	void *buf;
	bool mapped;
	struct inode *inode;
};

static vm_fault_t cw_fault(struct vm_fault *vmf)
{
	struct cw_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, PHYS_PFN(virt_to_phys(d->buf)));
}

static const struct vm_operations_struct cw_vm_ops = { .fault = cw_fault };

static void cw_free_buf(struct cw_dev *d)
{
	kfree(d->buf); /* expect: mapped-memory-freed */
}

void cw_remove(struct cw_dev *d)
{
	if (d->mapped)
		unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	cw_free_buf(d);
}
