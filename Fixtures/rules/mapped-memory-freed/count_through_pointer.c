#include <linux/mmlint_stub.h>
/*
 * The per-vma count taken through a pointer member (videobuf2's vb2_vmarea_handler:
 * `h->refcount = &buf->refcount;` at allocation, `refcount_inc(h->refcount)` in ->open, the
 * buffer's put tests `refcount_dec_and_test(&buf->refcount)` from ->close): the vmas are
 * counted on the member the pointer names, and the last close frees. Still reported: an
 * ->open that counts through a pointer to another member than the one the put tests.
 */

struct cp_handler {
	refcount_t *refcount;
	atomic_t *opens;
	void (*put)(void *arg);
	void *arg;
};

struct cp_buf {
	struct device *dev;
	void *cookie;
	dma_addr_t dma_addr;
	unsigned long size;
	refcount_t refcount;
	atomic_t maps;
	struct cp_handler handler;
};

static void cp_put(void *buf_priv)
{
	struct cp_buf *buf = buf_priv;

	if (!refcount_dec_and_test(&buf->refcount))
		return;
	dma_free_coherent(buf->dev, buf->size, buf->cookie, buf->dma_addr); /* ok: mapped-memory-freed the last vma closes */
	kfree(buf);
}

static void cp_vm_open(struct vm_area_struct *vma)
{
	struct cp_handler *h = vma->vm_private_data;

	refcount_inc(h->refcount);
}

static void cp_vm_close(struct vm_area_struct *vma)
{
	struct cp_handler *h = vma->vm_private_data;

	h->put(h->arg);
}

static const struct vm_operations_struct cp_vm_ops = {
	.open = cp_vm_open,
	.close = cp_vm_close,
};

static int cp_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct cp_buf *buf = f->private_data;
	int ret;

	ret = dma_mmap_coherent(buf->dev, vma, buf->cookie, buf->dma_addr, buf->size);
	if (ret)
		return ret;
	vma->vm_private_data = &buf->handler;
	vma->vm_ops = &cp_vm_ops;
	vma->vm_ops->open(vma);
	return 0;
}

static const struct file_operations cp_fops = {
	.mmap = cp_mmap,
};

struct cp_buf *cp_alloc(struct device *dev, unsigned long size)
{
	struct cp_buf *buf = kzalloc(sizeof(*buf), GFP_KERNEL);

	if (!buf)
		return NULL;
	buf->cookie = dma_alloc_coherent(dev, size, &buf->dma_addr, GFP_KERNEL);
	buf->dev = dev;
	buf->size = size;
	buf->handler.refcount = &buf->refcount;
	buf->handler.opens = &buf->maps;
	buf->handler.put = cp_put;
	buf->handler.arg = buf;
	refcount_set(&buf->refcount, 1);
	return buf;
}

/* The same buffer, with an ->open counting the other member. */
struct cq_handler {
	refcount_t *refcount;
	atomic_t *opens;
	void (*put)(void *arg);
	void *arg;
};

struct cq_buf {
	struct device *dev;
	void *cookie;
	dma_addr_t dma_addr;
	unsigned long size;
	refcount_t refcount;
	atomic_t maps;
	struct cq_handler handler;
};

static void cq_put(void *buf_priv)
{
	struct cq_buf *buf = buf_priv;

	if (!refcount_dec_and_test(&buf->refcount))
		return;
	dma_free_coherent(buf->dev, buf->size, buf->cookie, buf->dma_addr); /* expect: mapped-memory-freed the vmas are counted on maps */
	kfree(buf);
}

static void cq_vm_open(struct vm_area_struct *vma)
{
	struct cq_handler *h = vma->vm_private_data;

	atomic_inc(h->opens);
}

static void cq_vm_close(struct vm_area_struct *vma)
{
	struct cq_handler *h = vma->vm_private_data;

	h->put(h->arg);
}

static const struct vm_operations_struct cq_vm_ops = {
	.open = cq_vm_open,
	.close = cq_vm_close,
};

static int cq_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct cq_buf *buf = f->private_data;
	int ret;

	ret = dma_mmap_coherent(buf->dev, vma, buf->cookie, buf->dma_addr, buf->size);
	if (ret)
		return ret;
	vma->vm_private_data = &buf->handler;
	vma->vm_ops = &cq_vm_ops;
	return 0;
}

static const struct file_operations cq_fops = {
	.mmap = cq_mmap,
};

struct cq_buf *cq_alloc(struct device *dev, unsigned long size)
{
	struct cq_buf *buf = kzalloc(sizeof(*buf), GFP_KERNEL);

	if (!buf)
		return NULL;
	buf->cookie = dma_alloc_coherent(dev, size, &buf->dma_addr, GFP_KERNEL);
	buf->dev = dev;
	buf->size = size;
	buf->handler.refcount = &buf->refcount;
	buf->handler.opens = &buf->maps;
	buf->handler.put = cq_put;
	buf->handler.arg = buf;
	refcount_set(&buf->refcount, 1);
	return buf;
}
