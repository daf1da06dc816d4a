#include <linux/mmlint_stub.h>
/*
 * populated-in-mmap through the hooks a file's ->mmap calls on its way, inside mmap_region()
 * before the vma is linked into i_mmap (6.12 mm/mmap.c): a dma-buf exporter's ops->mmap
 * (dma_buf_mmap_internal(), the dma-buf file's ->mmap), a sysfs binary attribute's ->mmap
 * (kernfs_fop_mmap(); p2pdma's p2pmem_alloc_mmap shape), uio_info.mmap (uio_mmap()) and
 * fb_ops.fb_mmap (fb_mmap()). Each driver revokes through its file's address_space, so a
 * revoke between the insert and the link misses the PTEs: one note per hook. The same buffer
 * inserted from a fault handler the hook installs is quiet. revoke-order judges a state the
 * dma-buf hook tests without a lock (its store after the zap is reported).
 */

struct dma_buf {
	struct file *file;
	void *priv;
};

struct dma_buf_ops {
	int (*mmap)(struct dma_buf *dmabuf, struct vm_area_struct *vma);
	void (*release)(struct dma_buf *dmabuf);
};

struct uio_info {
	const char *name;
	void *priv;
	int (*mmap)(struct uio_info *info, struct vm_area_struct *vma);
};

struct mh_fb;

struct fb_ops {
	int (*fb_mmap)(struct mh_fb *info, struct vm_area_struct *vma);
};

struct mh_buf {
	struct page *pages;
	unsigned long npages;
	bool revoked;
	struct inode *inode;
};

/* a dma-buf exporter */

static int mh_dmabuf_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	struct mh_buf *b = dmabuf->priv;

	if (b->revoked)
		return -ENODEV;
	return remap_pfn_range(vma, vma->vm_start, page_to_pfn(b->pages), /* note: populated-in-mmap filled before the vma is linked */
			       b->npages << PAGE_SHIFT, vma->vm_page_prot);
}

static void mh_dmabuf_release(struct dma_buf *dmabuf)
{
}

static const struct dma_buf_ops mh_dmabuf_ops = {
	.mmap = mh_dmabuf_mmap,
	.release = mh_dmabuf_release,
};

void mh_dmabuf_revoke(struct dma_buf *dmabuf)
{
	struct mh_buf *b = dmabuf->priv;

	unmap_mapping_range(dmabuf->file->f_mapping, 0, 0, 1);
	b->revoked = true; /* expect: revoke-order the hook tests it and a fault can map again */
}

/* a sysfs binary attribute */

struct mh_p2p {
	struct kobject kobj;
	struct page *page;
	struct inode *inode;
};

static int mh_alloc_mmap(struct file *filp, struct kobject *kobj, const struct bin_attribute *attr,
			 struct vm_area_struct *vma)
{
	struct mh_p2p *p = container_of(kobj, struct mh_p2p, kobj);

	return vm_insert_page(vma, vma->vm_start, p->page); /* note: populated-in-mmap */
}

static const struct bin_attribute mh_alloc_attr = {
	.mmap = mh_alloc_mmap,
};

void mh_p2p_unmap(struct mh_p2p *p)
{
	unmap_mapping_range(p->inode->i_mapping, 0, 0, 1);
}

/* a uio driver's own mmap */

static int mh_uio_mmap(struct uio_info *info, struct vm_area_struct *vma)
{
	struct mh_buf *b = info->priv;

	return vm_map_pages(vma, &b->pages, b->npages); /* note: populated-in-mmap */
}

static struct uio_info mh_uio = {
	.name = "mh",
	.mmap = mh_uio_mmap,
};

void mh_uio_revoke(struct mh_buf *b)
{
	unmap_mapping_range(b->inode->i_mapping, 0, 0, 1);
}

/* an fbdev driver: the hook installs a fault handler that inserts (quiet) */

struct mh_fb {
	struct mh_buf *buf;
};

static vm_fault_t mh_fb_fault(struct vm_fault *vmf)
{
	struct mh_fb *info = vmf->vma->vm_private_data;

	return vmf_insert_page(vmf->vma, vmf->address, info->buf->pages); /* ok: populated-in-mmap inserted at fault time */
}

static const struct vm_operations_struct mh_fb_vm_ops = {
	.fault = mh_fb_fault,
};

static int mh_fb_mmap(struct mh_fb *info, struct vm_area_struct *vma)
{
	vma->vm_ops = &mh_fb_vm_ops;
	vma->vm_private_data = info;
	return 0;
}

static const struct fb_ops mh_fb_ops = {
	.fb_mmap = mh_fb_mmap,
};

void mh_fb_revoke(struct mh_fb *info)
{
	unmap_mapping_range(info->buf->inode->i_mapping, 0, 0, 1);
}
