#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: memory put in user page tables by ->mmap (or a fault), freed in
 * remove(), an ioctl or a timeout while a mapping may remain. Several inserters and spellings;
 * the fixed forms free from ->release / vm_ops->close or zap the file's mappings first.
 */

struct mf_dev {
	void *ring;			/* vmalloc_user(), remap_vmalloc_range()d */
	void *buf;			/* kmalloc'ed, vm_insert_page(virt_to_page())d */
	void *dma_cpu;			/* dma_alloc_coherent(), dma_mmap_coherent()d */
	dma_addr_t dma_handle;
	size_t dma_size;
	struct page **pages;		/* vm_map_pages()d */
	unsigned long npages;
	struct device *dev;
	struct inode *inode;
};

/* 1. remap_vmalloc_range() in ->mmap, vfree() in remove() */
static int mf_ring_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mf_dev *d = f->private_data;

	return remap_vmalloc_range(vma, d->ring, 0);
}

void mf_remove(struct platform_device *pdev)
{
	struct mf_dev *d = platform_get_drvdata(pdev);

	vfree(d->ring); /* expect: mapped-memory-freed */
	kfree(d);
}

/* 2. vm_insert_page(virt_to_page(buf)) through a local; freed on a resize ioctl (a known miss)
 *    and in a timeout handler */
static int mf_buf_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mf_dev *d = f->private_data;
	struct page *page = virt_to_page(d->buf);

	return vm_insert_page(vma, vma->vm_start, page);
}

static long mf_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct mf_dev *d = f->private_data;
	void *old = d->buf;

	/* a live buffer swapped: the function stores the member, so it is taken for a builder */
	d->buf = kzalloc(arg, GFP_KERNEL);
	kfree(old); /* todo: mapped-memory-freed */
	return 0;
}

void mf_timeout(struct mf_dev *d)
{
	kfree(d->buf); /* expect: mapped-memory-freed */
}

/* 3. dma_mmap_coherent() in ->mmap, dma_free_coherent() in a helper of remove() */
static int mf_dma_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mf_dev *d = f->private_data;

	return dma_mmap_coherent(d->dev, vma, d->dma_cpu, d->dma_handle, d->dma_size);
}

static void mf_free_dma(struct mf_dev *d)
{
	dma_free_coherent(d->dev, d->dma_size, d->dma_cpu, d->dma_handle); /* expect: mapped-memory-freed */
}

void mf_remove_dma(struct platform_device *pdev)
{
	mf_free_dma(platform_get_drvdata(pdev));
}

/* 4. vm_map_pages() of a page array: freeing its pages counts, freeing the array alone does not */
static int mf_pages_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mf_dev *d = f->private_data;

	return vm_map_pages(vma, d->pages, d->npages);
}

void mf_pages_teardown(struct mf_dev *d)
{
	unsigned long i;

	for (i = 0; i < d->npages; i++)
		__free_page(d->pages[i]); /* expect: mapped-memory-freed */
	kfree(d->pages); /* ok: mapped-memory-freed */
}

static const struct file_operations mf_fops = {
	.mmap = mf_ring_mmap,
	.unlocked_ioctl = mf_ioctl,
};
static const struct file_operations mf_buf_fops = { .mmap = mf_buf_mmap };
static const struct file_operations mf_dma_fops = { .mmap = mf_dma_mmap };
static const struct file_operations mf_pages_fops = { .mmap = mf_pages_mmap };
