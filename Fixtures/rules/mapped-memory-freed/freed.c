#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: memory mapped by page frame number (special PTEs, no reference held)
 * from ->mmap or a fault handler, freed in remove(), an ioctl or a timeout while a mapping may
 * remain. The refcounted inserters (vm_insert_page, vm_map_pages, remap_vmalloc_range) keep
 * the pages alive themselves: their frees are quiet.
 */

struct mf_dev {
	void *dma_cpu;			/* dma_alloc_coherent(), dma_mmap_coherent()d */
	dma_addr_t dma_handle;
	size_t dma_size;
	unsigned long ring;		/* __get_free_pages(), remap_pfn_range()d */
	void *buf;			/* kmalloc'ed, vmf_insert_pfn()ed at fault time */
	struct page *page;		/* alloc_page(), remap_pfn_range() through a local pfn */
	void *vring;			/* vmalloc_user(), remap_vmalloc_range()d: refcounted */
	struct page **pages;		/* vm_map_pages()d: refcounted */
	unsigned long npages;
	struct device *dev;
};

/* 1. dma_mmap_coherent() in ->mmap, dma_free_coherent() in a helper of remove() */
static int mf_dma_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mf_dev *d = f->private_data;

	return dma_mmap_coherent(d->dev, vma, d->dma_cpu, d->dma_handle, d->dma_size);
}

static void mf_free_dma(struct mf_dev *d)
{
	dma_free_coherent(d->dev, d->dma_size, d->dma_cpu, d->dma_handle); /* expect: mapped-memory-freed replay=confirmed */
}

void mf_remove_dma(struct platform_device *pdev)
{
	mf_free_dma(platform_get_drvdata(pdev));
}

/* 2. remap_pfn_range() of virt_to_phys(ring) >> PAGE_SHIFT, free_pages() in remove() */
static int mf_ring_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mf_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys((void *)d->ring) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

void mf_remove(struct platform_device *pdev)
{
	struct mf_dev *d = platform_get_drvdata(pdev);

	free_pages(d->ring, 2); /* expect: mapped-memory-freed */
}

/* 3. vmf_insert_pfn() at fault time, kfree() on a timeout */
static vm_fault_t mf_fault(struct vm_fault *vmf)
{
	struct mf_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(virt_to_page(d->buf)));
}

void mf_timeout(struct mf_dev *d)
{
	kfree(d->buf); /* expect: mapped-memory-freed replay=confirmed */
}

/* 4. a local pfn, the page freed in an ioctl */
static int mf_page_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mf_dev *d = f->private_data;
	unsigned long pfn = page_to_pfn(d->page);

	return remap_pfn_range(vma, vma->vm_start, pfn, PAGE_SIZE, vma->vm_page_prot);
}

static long mf_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct mf_dev *d = f->private_data;

	__free_page(d->page); /* expect: mapped-memory-freed */
	return 0;
}

/* A live buffer swapped by an ioctl: the function stores the member, but frees its previous value
 * (read before the store), which was published to ->mmap: not a builder's error path. */
static long mf_resize(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct mf_dev *d = f->private_data;
	void *old = d->buf;

	d->buf = kzalloc(arg, GFP_KERNEL);
	kfree(old); /* expect: mapped-memory-freed */
	return 0;
}

/* Refcounted inserts: each PTE holds a page reference, the driver's free drops only its own. */
static int mf_vring_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mf_dev *d = f->private_data;

	return remap_vmalloc_range(vma, d->vring, 0);
}

static int mf_pages_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mf_dev *d = f->private_data;

	return vm_map_pages(vma, d->pages, d->npages);
}

void mf_remove_refcounted(struct mf_dev *d)
{
	unsigned long i;

	vfree(d->vring); /* ok: mapped-memory-freed */
	for (i = 0; i < d->npages; i++)
		__free_page(d->pages[i]); /* ok: mapped-memory-freed */
}

static const struct file_operations mf_fops = {
	.mmap = mf_ring_mmap,
	.unlocked_ioctl = mf_ioctl,
};
static const struct file_operations mf_dma_fops = { .mmap = mf_dma_mmap };
static const struct file_operations mf_page_fops = { .mmap = mf_page_mmap };
static const struct file_operations mf_vring_fops = { .mmap = mf_vring_mmap };
static const struct file_operations mf_pages_fops = { .mmap = mf_pages_mmap };
static const struct vm_operations_struct mf_vm_ops = { .fault = mf_fault };

/* A page array inserted page by page: freeing the array frees no mapped page (cma heap shape). */
struct mf_heap_buf { struct page **pages; unsigned long n; };

static vm_fault_t mf_heap_fault(struct vm_fault *vmf)
{
	struct mf_heap_buf *b = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(b->pages[vmf->address >> PAGE_SHIFT]));
}

void mf_heap_free(struct mf_heap_buf *b)
{
	kfree(b->pages); /* ok: mapped-memory-freed */
}

static const struct vm_operations_struct mf_heap_vm_ops = { .fault = mf_heap_fault };

/* The address spelled with the kernel's arithmetic macros: __pa() and PFN_DOWN(), PHYS_PFN(). */
struct mf_shm { void *base; unsigned long size; void *ctl; };

static int mf_shm_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mf_shm *s = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, PFN_DOWN(__pa(s->base)), s->size, vma->vm_page_prot);
}

static int mf_ctl_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mf_shm *s = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, PHYS_PFN(virt_to_phys(s->ctl)), PAGE_SIZE, vma->vm_page_prot);
}

void mf_shm_destroy(struct mf_shm *s)
{
	free_pages_exact(s->base, s->size); /* expect: mapped-memory-freed */
	kfree(s->ctl); /* expect: mapped-memory-freed */
}

static const struct file_operations mf_shm_fops = { .mmap = mf_shm_mmap };
static const struct file_operations mf_ctl_fops = { .mmap = mf_ctl_mmap };

/* The swap spelled through a helper-free of the old page, and the builder's own error path. */
static long mf_repage(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct mf_dev *d = f->private_data;
	struct page *prev;

	prev = d->page;
	d->page = alloc_page(GFP_KERNEL);
	if (!d->page) {
		d->page = prev;
		return -ENOMEM;
	}
	__free_page(prev); /* expect: mapped-memory-freed */
	return 0;
}

static int mf_rebuild(struct mf_dev *d, unsigned long size)
{
	d->buf = kzalloc(size, GFP_KERNEL);
	if (!d->buf)
		return -ENOMEM;
	if (size > 4096) {
		kfree(d->buf); /* ok: mapped-memory-freed */
		d->buf = NULL;
		return -EINVAL;
	}
	return 0;
}
