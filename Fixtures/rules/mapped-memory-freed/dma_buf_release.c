#include <linux/mmlint_stub.h>
/*
 * A dma-buf exporter: every user mapping of a dma-buf is a vma of the dma-buf's own file
 * (dma_buf_mmap_internal, or dma_buf_mmap()'s vma_set_file()), and dma_buf_ops.release runs
 * from that file's last put (dma_buf_file_release → dma_buf_release): after the last mapping
 * is gone. A free there is safe — directly (cma heap, udmabuf 6.11+ with folios) or through a
 * helper (fastrpc's release) —; a heap or device teardown freeing a buffer still exported is
 * not; nor is a release in a dma_buf_ops table with no .mmap while the driver's own char
 * device maps the same memory.
 */

struct dma_buf;
struct dma_buf_ops {
	int (*mmap)(struct dma_buf *dmabuf, struct vm_area_struct *vma);
	void (*release)(struct dma_buf *dmabuf);
};
struct dma_buf {
	void *priv;
	struct file *file;
	const struct dma_buf_ops *ops;
};

struct hp_heap {
	struct mutex lock;
	struct list_head buffers;
};

struct hp_buffer {
	struct hp_heap *heap;
	struct list_head node;
	struct page **pages;
	struct folio **folios;
	unsigned long pagecount;
};

/* Fault-time inserts (the cma heap's shape), of pages and of folios. */
static vm_fault_t hp_vm_fault(struct vm_fault *vmf)
{
	struct hp_buffer *b = vmf->vma->vm_private_data;

	if (vmf->pgoff >= b->pagecount)
		return VM_FAULT_SIGBUS;
	if (b->folios)
		return vmf_insert_pfn(vmf->vma, vmf->address, folio_pfn(b->folios[vmf->pgoff]));
	return vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(b->pages[vmf->pgoff]));
}

static const struct vm_operations_struct hp_vm_ops = {
	.fault = hp_vm_fault,
};

static int hp_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	struct hp_buffer *b = dmabuf->priv;

	vm_flags_set(vma, VM_PFNMAP | VM_DONTEXPAND);
	vma->vm_ops = &hp_vm_ops;
	vma->vm_private_data = b;
	return 0;
}

static void hp_free_pages(struct hp_buffer *b)
{
	unsigned long i;

	for (i = 0; i < b->pagecount; i++)
		__free_page(b->pages[i]); /* ok: mapped-memory-freed (reached only from the dma-buf's release) */
}

static void hp_release(struct dma_buf *dmabuf)
{
	struct hp_buffer *b = dmabuf->priv;
	unsigned long i;

	mutex_lock(&b->heap->lock);
	list_del(&b->node);
	mutex_unlock(&b->heap->lock);
	for (i = 0; i < b->pagecount; i++)
		folio_put(b->folios[i]); /* ok: mapped-memory-freed (the release runs after the last mapping) */
	hp_free_pages(b);
	kfree(b);
}

static const struct dma_buf_ops hp_buf_ops = {
	.mmap = hp_mmap,
	.release = hp_release,
};

/* The heap's teardown frees buffers that are still exported, and maybe mapped. */
void hp_heap_destroy(struct hp_heap *h)
{
	struct hp_buffer *b;
	unsigned long i;

	mutex_lock(&h->lock);
	list_for_each_entry(b, &h->buffers, node) {
		for (i = 0; i < b->pagecount; i++) {
			folio_put(b->folios[i]); /* expect: mapped-memory-freed */
			__free_page(b->pages[i]); /* expect: mapped-memory-freed */
		}
		b->pagecount = 0;
	}
	mutex_unlock(&h->lock);
}

/* A dma-buf whose table has no .mmap: the memory is mapped through the driver's char device,
 * whose vmas do not pin the dma-buf's file. */
struct cx_dev {
	struct device *dev;
	void *vaddr;
	dma_addr_t dma;
	size_t len;
};

static int cx_fop_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct cx_dev *d = file->private_data;

	return dma_mmap_coherent(d->dev, vma, d->vaddr, d->dma, d->len);
}

static const struct file_operations cx_fops = {
	.mmap = cx_fop_mmap,
};

static void cx_dmabuf_release(struct dma_buf *dmabuf)
{
	struct cx_dev *d = dmabuf->priv;

	dma_free_coherent(d->dev, d->len, d->vaddr, d->dma); /* expect: mapped-memory-freed */
}

static const struct dma_buf_ops cx_dmabuf_ops = {
	.release = cx_dmabuf_release,
};
