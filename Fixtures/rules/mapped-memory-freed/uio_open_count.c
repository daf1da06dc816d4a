#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: a uio driver's own open and release callbacks. The uio core calls
 * uio_info.open from its f_op->open and uio_info.release from its f_op->release, once per
 * file (drivers/uio/uio.c uio_open and uio_release, 6.1 and 6.12). A buffer allocated at the
 * first open and freed when a count of the opens drops to zero is freed after the last file is
 * gone, and a vma holds its file: nothing maps it then (uio_dmem_genirq's refcnt shape).
 * Spellings: a plain counter under a mutex, an atomic counter tested by atomic_dec_and_test.
 * Reported: a release that frees on every close while another open file may map the buffer.
 */

struct uio_info {
	const char *name;
	void *priv;
	int (*mmap)(struct uio_info *info, struct vm_area_struct *vma);
	int (*open)(struct uio_info *info, struct inode *inode);
	int (*release)(struct uio_info *info, struct inode *inode);
};

struct uoc_priv {
	struct device *dev;
	struct mutex alloc_lock;
	unsigned int refcnt;
	void *vaddr;
	dma_addr_t dma;
	size_t size;
};

static int uoc_mmap(struct uio_info *info, struct vm_area_struct *vma)
{
	struct uoc_priv *priv = info->priv;

	if (!priv->vaddr)
		return -EINVAL;
	return dma_mmap_coherent(priv->dev, vma, priv->vaddr, priv->dma, priv->size);
}

static int uoc_open(struct uio_info *info, struct inode *inode)
{
	struct uoc_priv *priv = info->priv;

	mutex_lock(&priv->alloc_lock);
	if (!priv->refcnt)
		priv->vaddr = dma_alloc_coherent(priv->dev, priv->size, &priv->dma, GFP_KERNEL);
	priv->refcnt++;
	mutex_unlock(&priv->alloc_lock);
	return 0;
}

static int uoc_release(struct uio_info *info, struct inode *inode)
{
	struct uoc_priv *priv = info->priv;

	mutex_lock(&priv->alloc_lock);
	priv->refcnt--;
	if (!priv->refcnt) {
		dma_free_coherent(priv->dev, priv->size, priv->vaddr, priv->dma); /* ok: mapped-memory-freed the last file is gone */
		priv->vaddr = NULL;
	}
	mutex_unlock(&priv->alloc_lock);
	return 0;
}

static struct uio_info uoc_info = {
	.name = "uoc",
	.mmap = uoc_mmap,
	.open = uoc_open,
	.release = uoc_release,
};

/* The same with an atomic count. */
struct uoa_priv {
	struct device *dev;
	atomic_t opens;
	void *vaddr;
	dma_addr_t dma;
	size_t size;
};

static int uoa_mmap(struct uio_info *info, struct vm_area_struct *vma)
{
	struct uoa_priv *p = info->priv;

	return dma_mmap_coherent(p->dev, vma, p->vaddr, p->dma, p->size);
}

static int uoa_open(struct uio_info *info, struct inode *inode)
{
	struct uoa_priv *p = info->priv;

	atomic_inc(&p->opens);
	return 0;
}

static int uoa_release(struct uio_info *info, struct inode *inode)
{
	struct uoa_priv *p = info->priv;

	if (!atomic_dec_and_test(&p->opens))
		return 0;
	dma_free_coherent(p->dev, p->size, p->vaddr, p->dma); /* ok: mapped-memory-freed the last file is gone */
	p->vaddr = NULL;
	return 0;
}

static struct uio_info uoa_info = {
	.name = "uoa",
	.mmap = uoa_mmap,
	.open = uoa_open,
	.release = uoa_release,
};

/* Bug: frees on every release; another open file may still map the buffer. */
struct uob_priv {
	struct device *dev;
	void *vaddr;
	dma_addr_t dma;
	size_t size;
};

static int uob_mmap(struct uio_info *info, struct vm_area_struct *vma)
{
	struct uob_priv *priv = info->priv;

	return dma_mmap_coherent(priv->dev, vma, priv->vaddr, priv->dma, priv->size);
}

static int uob_open(struct uio_info *info, struct inode *inode)
{
	struct uob_priv *priv = info->priv;

	if (!priv->vaddr)
		priv->vaddr = dma_alloc_coherent(priv->dev, priv->size, &priv->dma, GFP_KERNEL);
	return priv->vaddr ? 0 : -ENOMEM;
}

static int uob_release(struct uio_info *info, struct inode *inode)
{
	struct uob_priv *priv = info->priv;

	dma_free_coherent(priv->dev, priv->size, priv->vaddr, priv->dma); /* expect: mapped-memory-freed another file may map it */
	priv->vaddr = NULL;
	return 0;
}

static struct uio_info uob_info = {
	.name = "uob",
	.mmap = uob_mmap,
	.open = uob_open,
	.release = uob_release,
};
