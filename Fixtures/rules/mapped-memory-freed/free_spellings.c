#include <linux/mmlint_stub.h>
/*
 * The same bug in other allocators' spellings: dma_alloc_pages()/dma_alloc_noncoherent()
 * memory mapped with dma_mmap_pages() and freed with dma_free_pages()/dma_free_noncoherent();
 * CMA pages released with cma_release(); managed buffers freed early with devm_kfree() or
 * dmam_free_coherent(); kfree_sensitive(); RAM mapped through io_remap_pfn_range() or
 * vm_iomap_memory() (other names of remap_pfn_range); a vmalloc()ed buffer inserted page by
 * page with vmalloc_to_pfn(). All but the last were missed: the calls were not in the rule.
 */

struct pb_dev {
	struct device *dev;
	struct page *page;		/* dma_alloc_pages() */
	dma_addr_t page_dma;
	void *nc;			/* dma_alloc_noncoherent() */
	dma_addr_t nc_dma;
	void *vbuf;			/* vmalloc() */
	size_t size;
	void *kbuf;
};

/* A. dma_mmap_pages() of a dma_alloc_pages() page, dma_free_pages() in remove */
static int pb_mmap_pages(struct file *f, struct vm_area_struct *vma)
{
	struct pb_dev *d = f->private_data;

	return dma_mmap_pages(d->dev, vma, d->size, d->page);
}

void pb_remove_pages(struct platform_device *pdev)
{
	struct pb_dev *d = platform_get_drvdata(pdev);

	dma_free_pages(d->dev, d->size, d->page, d->page_dma, 0); /* expect: mapped-memory-freed */
}

/* B. dma_mmap_pages() of virt_to_page(noncoherent buffer), dma_free_noncoherent() */
static int pb_mmap_nc(struct file *f, struct vm_area_struct *vma)
{
	struct pb_dev *d = f->private_data;

	return dma_mmap_pages(d->dev, vma, d->size, virt_to_page(d->nc));
}

void pb_remove_nc(struct platform_device *pdev)
{
	struct pb_dev *d = platform_get_drvdata(pdev);

	dma_free_noncoherent(d->dev, d->size, d->nc, d->nc_dma, 0); /* expect: mapped-memory-freed */
}

/* C. vmf_insert_pfn() of vmalloc_to_pfn(vbuf + offset), vfree() on remove */
static vm_fault_t pb_fault(struct vm_fault *vmf)
{
	struct pb_dev *d = vmf->vma->vm_private_data;
	unsigned long off = vmf->pgoff << PAGE_SHIFT;

	return vmf_insert_pfn(vmf->vma, vmf->address, vmalloc_to_pfn(d->vbuf + off));
}

void pb_remove_v(struct platform_device *pdev)
{
	struct pb_dev *d = platform_get_drvdata(pdev);

	vfree(d->vbuf); /* expect: mapped-memory-freed */
}

struct pd_dev {
	struct device *dev;
	struct cma *cma;
	struct page *cma_pages;		/* cma_alloc() */
	unsigned long count;
	void *mbuf;			/* devm_kzalloc() */
	void *sbuf;			/* kmalloc(), secrets */
	void *dbuf;			/* dmam_alloc_coherent() */
	dma_addr_t dbuf_dma;
	void *ibuf;			/* kmalloc(), mapped with vm_iomap_memory() */
	void *rbuf;			/* kmalloc(), io_remap_pfn_range()d */
	size_t size;
};

static int pd_mmap_cma(struct file *f, struct vm_area_struct *vma)
{
	struct pd_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, page_to_pfn(d->cma_pages), d->size, vma->vm_page_prot);
}

static int pd_mmap_m(struct file *f, struct vm_area_struct *vma)
{
	struct pd_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->mbuf) >> PAGE_SHIFT, d->size, vma->vm_page_prot);
}

static int pd_mmap_s(struct file *f, struct vm_area_struct *vma)
{
	struct pd_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->sbuf) >> PAGE_SHIFT, d->size, vma->vm_page_prot);
}

static int pd_mmap_d(struct file *f, struct vm_area_struct *vma)
{
	struct pd_dev *d = f->private_data;

	return dma_mmap_coherent(d->dev, vma, d->dbuf, d->dbuf_dma, d->size);
}

static int pd_mmap_i(struct file *f, struct vm_area_struct *vma)
{
	struct pd_dev *d = f->private_data;

	return vm_iomap_memory(vma, virt_to_phys(d->ibuf), d->size);
}

static int pd_mmap_r(struct file *f, struct vm_area_struct *vma)
{
	struct pd_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->rbuf) >> PAGE_SHIFT, d->size, vma->vm_page_prot);
}

void pd_remove(struct platform_device *pdev)
{
	struct pd_dev *d = platform_get_drvdata(pdev);

	cma_release(d->cma, d->cma_pages, d->count); /* expect: mapped-memory-freed */
	devm_kfree(d->dev, d->mbuf); /* expect: mapped-memory-freed */
	kfree_sensitive(d->sbuf); /* expect: mapped-memory-freed */
	dmam_free_coherent(d->dev, d->size, d->dbuf, d->dbuf_dma); /* expect: mapped-memory-freed */
	kfree(d->ibuf); /* expect: mapped-memory-freed */
	kfree(d->rbuf); /* expect: mapped-memory-freed */
}

/* page_frag_free(): the page behind a fragment or __get_free_pages() block (AF_XDP's rings
 * 4.18-6.6 were freed with it), remapped by pfn and freed in a reset ioctl. */
void page_frag_free(void *addr);

struct pf_dev {
	void *ring;
	size_t size;
};

static int pf_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct pf_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->ring) >> PAGE_SHIFT, d->size, vma->vm_page_prot);
}

static long pf_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pf_dev *d = f->private_data;

	page_frag_free(d->ring); /* expect: mapped-memory-freed the ring may be mapped */
	d->ring = NULL;
	return 0;
}

static const struct file_operations pf_fops = { .mmap = pf_mmap, .unlocked_ioctl = pf_ioctl };
