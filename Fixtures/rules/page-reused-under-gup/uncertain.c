#include <linux/mmlint_stub.h>
/*
 * page-reused-under-gup, the UNCERTAIN releases and origins (the rule's semantics
 * names them). dma_free_coherent() of vm_insert_page()d coherent memory: the page
 * allocator path waits for GUP's reference, the CMA and atomic-pool paths hand the
 * range back at once (mm/cma.c, kernel/dma/pool.c) — by device and configuration:
 * a known gap (todo). A pfn_t whose flags come from a member: devmap or special is
 * not visible, reported and left inconclusive by replay.
 */

struct un_dev {
	struct device *dev;
	void *cpu;
	dma_addr_t handle;
	size_t size;
	struct gen_pool *pool;
	void *win;
	u64 pfn_flags;
	struct inode *inode;
};

static int un_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct un_dev *d = f->private_data;

	return vm_insert_page(vma, vma->vm_start, virt_to_page(d->cpu));
}

static const struct file_operations un_fops = { .mmap = un_mmap };

void un_remove(struct un_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	dma_free_coherent(d->dev, d->size, d->cpu, d->handle); /* todo: page-reused-under-gup */
}

static vm_fault_t un_fault(struct vm_fault *vmf)
{
	struct un_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_mixed(vmf->vma, vmf->address, phys_to_pfn_t(virt_to_phys(d->win), d->pfn_flags));
}

static const struct vm_operations_struct un_vm_ops = { .fault = un_fault };

void un_shrink(struct un_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	gen_pool_free(d->pool, (unsigned long)d->win, d->size); /* expect: page-reused-under-gup replay=inconclusive */
}
