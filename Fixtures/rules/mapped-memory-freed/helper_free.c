#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed through helpers: a function that hands a parameter to a free frees the
 * argument its caller passes (atomisp's free_pages_bulk_array(), genwqe's
 * __genwqe_free_consistent()). A function that fills the member itself (an assignment, or an
 * allocator filling the array: alloc_pages_bulk_array) builds the object: its free is the
 * error path.
 */

struct hf_bo {
	struct page **pages;
	unsigned long npages;
	void *cpu;
	dma_addr_t dma;
	struct device *dev;
};

static void hf_free_array(unsigned long n, struct page **arr)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		__free_pages(arr[i], 0);
}

static void hf_free_coherent(struct device *dev, void *vaddr, dma_addr_t h)
{
	dma_free_coherent(dev, PAGE_SIZE, vaddr, h);
}

static int hf_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct hf_bo *bo = f->private_data;
	unsigned long i;
	int ret;

	for (i = 0; i < bo->npages; i++) {
		ret = remap_pfn_range(vma, vma->vm_start + i * PAGE_SIZE, page_to_pfn(bo->pages[i]), PAGE_SIZE,
				      vma->vm_page_prot);
		if (ret)
			return ret;
	}
	return 0;
}

static int hf_mmap_dma(struct file *f, struct vm_area_struct *vma)
{
	struct hf_bo *bo = f->private_data;

	return dma_mmap_coherent(bo->dev, vma, bo->cpu, bo->dma, PAGE_SIZE);
}

void hf_remove(struct hf_bo *bo)
{
	hf_free_array(bo->npages, bo->pages); /* expect: mapped-memory-freed */
	hf_free_coherent(bo->dev, bo->cpu, bo->dma); /* expect: mapped-memory-freed */
}

static int hf_alloc(struct hf_bo *bo)
{
	unsigned long got = alloc_pages_bulk_array(GFP_KERNEL, bo->npages, bo->pages);

	if (got != bo->npages) {
		hf_free_array(got, bo->pages); /* ok: mapped-memory-freed */
		return -ENOMEM;
	}
	return 0;
}
