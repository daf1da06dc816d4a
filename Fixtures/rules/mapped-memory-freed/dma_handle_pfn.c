#include <linux/mmlint_stub.h>
/*
 * A coherent DMA buffer mapped by its DMA address taken as a physical one (`d->dma >>
 * PAGE_SHIFT`, PHYS_PFN(d->handle): what many drivers write where no IOMMU translates) and
 * freed with dma_free_coherent(dev, size, cpu_addr, dma_handle): the handle names the same
 * memory as the CPU address, so the free releases what the mapping reaches.
 */

void dma_free_attrs(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle, unsigned long attrs);

struct dh_dev {
	struct device *dev;
	void *va;
	dma_addr_t dma;
	size_t size;
	struct address_space *mapping;
};

static int dh_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct dh_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, d->dma >> PAGE_SHIFT, d->size, vma->vm_page_prot);
}

static const struct file_operations dh_fops = { .mmap = dh_mmap };

/* 1. BUG: removed while a process still maps the buffer. */
void dh_remove(struct dh_dev *d)
{
	dma_free_coherent(d->dev, d->size, d->va, d->dma); /* expect: mapped-memory-freed */
}

/* 2. FIXED: the file's mappings are zapped first. */
void dh_remove_fixed(struct dh_dev *d)
{
	unmap_mapping_range(d->mapping, 0, 0, 1);
	dma_free_coherent(d->dev, d->size, d->va, d->dma); /* ok: mapped-memory-freed */
}

/* 3. PHYS_PFN of the handle, dma_free_attrs, freed on a reset path. */
struct dp_ring {
	struct device *dev;
	void *cpu;
	dma_addr_t handle;
	size_t bytes;
};

static vm_fault_t dp_fault(struct vm_fault *vmf)
{
	struct dp_ring *r = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, PHYS_PFN(r->handle) + vmf->pgoff);
}

static const struct vm_operations_struct dp_vm_ops = { .fault = dp_fault };

int dp_reset(struct dp_ring *r)
{
	dma_free_attrs(r->dev, r->bytes, r->cpu, r->handle, 0); /* expect: mapped-memory-freed */
	r->cpu = dma_alloc_coherent(r->dev, r->bytes, &r->handle, GFP_KERNEL);
	return r->cpu ? 0 : -ENOMEM;
}

/* 4. FIXED: freed in the file's ->release (every mapping of the file is gone). */
struct dr_ring {
	struct device *dev;
	void *cpu;
	dma_addr_t handle;
	size_t bytes;
};

static int dr_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct dr_ring *r = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, r->handle >> PAGE_SHIFT, r->bytes, vma->vm_page_prot);
}

static int dr_release(struct inode *inode, struct file *f)
{
	struct dr_ring *r = f->private_data;

	dma_free_coherent(r->dev, r->bytes, r->cpu, r->handle); /* ok: mapped-memory-freed */
	return 0;
}

static const struct file_operations dr_fops = { .mmap = dr_mmap, .release = dr_release };

/* 5. A builder's error path: the allocation filled the handle (its out-parameter) here. */
struct db_map {
	struct device *dev;
	void *virt;
	dma_addr_t phys;
	size_t size;
};

extern int db_program_window(struct db_map *m);

static int db_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct db_map *m = f->private_data;

	return vm_iomap_memory(vma, m->phys, m->size);
}

static const struct file_operations db_fops = { .mmap = db_mmap };

int db_create(struct db_map *m)
{
	m->virt = dma_alloc_coherent(m->dev, m->size, &m->phys, GFP_KERNEL);
	if (!m->virt)
		return -ENOMEM;
	if (db_program_window(m) < 0) {
		dma_free_coherent(m->dev, m->size, m->virt, m->phys); /* ok: mapped-memory-freed */
		return -EIO;
	}
	return 0;
}
