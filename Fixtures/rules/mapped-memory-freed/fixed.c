#include <linux/mmlint_stub.h>
/* The fixed forms: free after the last mapping is gone, or revoke the mappings first. */

struct mx_dev {
	void *dma_cpu;
	dma_addr_t dma_handle;
	void *ring;
	void *buf;
	struct page **pages;
	unsigned long npages;
	struct inode *inode;
	refcount_t maps;
};

static int mx_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mx_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->ring) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

/* freed in ->release: every vma pins the file, so no mapping remains */
static int mx_release(struct inode *inode, struct file *f)
{
	struct mx_dev *d = f->private_data;

	vfree(d->ring); /* ok: mapped-memory-freed */
	kfree(d);
	return 0;
}

static const struct file_operations mx_fops = {
	.mmap = mx_mmap,
	.release = mx_release,
};

/* freed in vm_ops->close, through a helper, when the last vma goes: ->open counts every vma
 * (a split piece, a fork copy, an mremap target), ->close drops its count */
static int mx_buf_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mx_dev *d = f->private_data;

	return vmf_insert_pfn(vma, vma->vm_start, page_to_pfn(virt_to_page(d->buf)));
}

static void mx_put_buf(struct mx_dev *d)
{
	kfree(d->buf); /* ok: mapped-memory-freed */
}

static void mx_vma_open(struct vm_area_struct *vma)
{
	struct mx_dev *d = vma->vm_private_data;

	refcount_inc(&d->maps);
}

static void mx_vma_close(struct vm_area_struct *vma)
{
	struct mx_dev *d = vma->vm_private_data;

	if (refcount_dec_and_test(&d->maps))
		mx_put_buf(d);
}

static const struct vm_operations_struct mx_vm_ops = { .open = mx_vma_open, .close = mx_vma_close };
static const struct file_operations mx_buf_fops = { .mmap = mx_buf_mmap };

/* remove() revokes the mappings first */
static int mx_pages_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mx_dev *d = f->private_data;

	return dma_mmap_coherent(NULL, vma, d->dma_cpu, d->dma_handle, PAGE_SIZE);
}

static void mx_revoke(struct mx_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

void mx_remove(struct mx_dev *d)
{
	mx_revoke(d);
	dma_free_coherent(NULL, PAGE_SIZE, d->dma_cpu, d->dma_handle); /* ok: mapped-memory-freed */
}

static const struct file_operations mx_pages_fops = { .mmap = mx_pages_mmap };

/* the mmap handler's own error path frees what it failed to map */
static int mx_mmap_alloc(struct file *f, struct vm_area_struct *vma)
{
	struct mx_dev *d = f->private_data;
	int ret;

	d->buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	ret = remap_pfn_range(vma, vma->vm_start, page_to_pfn(virt_to_page(d->buf)), PAGE_SIZE, vma->vm_page_prot);
	if (ret)
		kfree(d->buf); /* ok: mapped-memory-freed */
	return ret;
}

static const struct file_operations mx_alloc_fops = { .mmap = mx_mmap_alloc };

/* owner references: the mapping holds one, the free runs when the last one drops */
struct mx_buf {
	void *vaddr;
	refcount_t refcount;
	struct kref ref;
};

static int mx_buf2_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mx_buf *b = f->private_data;

	refcount_inc(&b->refcount);
	kref_get(&b->ref);
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(b->vaddr) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

void mx_buf_put(struct mx_buf *b)
{
	if (refcount_dec_and_test(&b->refcount))
		vfree(b->vaddr); /* ok: mapped-memory-freed */
}

static void mx_buf_release(struct kref *ref)
{
	struct mx_buf *b = container_of(ref, struct mx_buf, ref);

	vfree(b->vaddr); /* ok: mapped-memory-freed */
}

void mx_buf_unref(struct mx_buf *b)
{
	kref_put(&b->ref, mx_buf_release);
}

static const struct file_operations mx_buf2_fops = { .mmap = mx_buf2_mmap };

/*
 * An rdma driver's ucontext page (bnxt_re's shpg): mapped by its ->mmap,
 * freed in dealloc_ucontext, which uverbs calls only after the ucontext's
 * mappings are closed or zapped (rdma_core.c ufile_destroy_ucontext).
 */
struct ib_ucontext;

struct ib_device_ops {
	int (*mmap)(struct ib_ucontext *uctx, struct vm_area_struct *vma);
	void (*dealloc_ucontext)(struct ib_ucontext *uctx);
};

struct rx_uctx {
	void *shpg;
};

static int rx_map_shpg(struct rx_uctx *u, struct vm_area_struct *vma)
{
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(u->shpg) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static int rx_mmap(struct ib_ucontext *ib_uctx, struct vm_area_struct *vma)
{
	return rx_map_shpg((struct rx_uctx *)ib_uctx, vma);
}

static void rx_dealloc_ucontext(struct ib_ucontext *ib_uctx)
{
	struct rx_uctx *u = (struct rx_uctx *)ib_uctx;

	if (u->shpg)
		kfree(u->shpg); /* ok: mapped-memory-freed */
}

static const struct ib_device_ops rx_dev_ops = { .mmap = rx_mmap, .dealloc_ucontext = rx_dealloc_ucontext };
