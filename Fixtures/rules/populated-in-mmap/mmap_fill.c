#include <linux/mmlint_stub.h>
/*
 * populated-in-mmap: drivers that revoke their user mappings but fill them inside ->mmap.
 * Three spellings: MMIO by io_remap_pfn_range(), pages through a helper, a DMA buffer.
 */

struct pm_dev {
	struct inode *inode;
	phys_addr_t bar;
	struct page *page;
	struct device *dev;
	void *cpu;
	dma_addr_t dma;
};

static int pm_bar_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct pm_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* note: populated-in-mmap */
}

static int pm_map_page(struct vm_area_struct *vma, struct pm_dev *d)
{
	return vm_insert_page(vma, vma->vm_start, d->page); /* note: populated-in-mmap */
}

static int pm_page_mmap(struct file *f, struct vm_area_struct *vma)
{
	return pm_map_page(vma, f->private_data);
}

static int pm_dma_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct pm_dev *d = f->private_data;
	int ret;

	ret = dma_mmap_coherent(d->dev, vma, d->cpu, d->dma, PAGE_SIZE); /* note: populated-in-mmap */
	if (ret)
		return ret;
	return remap_pfn_range(vma, vma->vm_start, 0, PAGE_SIZE, vma->vm_page_prot); /* ok: populated-in-mmap (one note per ->mmap) */
}

static const struct file_operations pm_bar_fops = { .mmap = pm_bar_mmap };
static const struct file_operations pm_page_fops = { .mmap = pm_page_mmap };
static const struct file_operations pm_dma_fops = { .mmap = pm_dma_mmap };

void pm_remove(struct pm_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}
