#include <linux/mmlint_stub.h>
/*
 * A buffer backend (sound/core/memalloc.c's shape): one ops table per memory
 * type with .mmap and .free methods, called through the backend's API by a
 * user that orders them (ALSA's pcm frees only with mmap_count == 0). No
 * user mmap entry reaches the insert: not judged. The same methods reached
 * from a driver's own f_op->mmap are judged as any driver's.
 */

struct bk_buffer {
	struct device *dev;
	void *area;
	dma_addr_t addr;
	size_t bytes;
};

struct bk_ops {
	void *(*alloc)(struct bk_buffer *b, size_t size);
	void (*free)(struct bk_buffer *b);
	int (*mmap)(struct bk_buffer *b, struct vm_area_struct *vma);
};

static void bk_dev_free(struct bk_buffer *b)
{
	dma_free_coherent(b->dev, b->bytes, b->area, b->addr); /* ok: mapped-memory-freed */
}

static int bk_dev_mmap(struct bk_buffer *b, struct vm_area_struct *vma)
{
	return dma_mmap_coherent(b->dev, vma, b->area, b->addr, b->bytes);
}

static const struct bk_ops bk_dev_ops = { .free = bk_dev_free, .mmap = bk_dev_mmap };

/* A driver's own table, but its f_op->mmap calls the method directly: judged. */
struct dr_dev {
	struct device *dev;
	void *ring;
	dma_addr_t ring_dma;
	size_t size;
};

struct dr_ops {
	void (*free)(struct dr_dev *d);
	int (*mmap)(struct dr_dev *d, struct vm_area_struct *vma);
};

static void dr_free(struct dr_dev *d)
{
	dma_free_coherent(d->dev, d->size, d->ring, d->ring_dma); /* expect: mapped-memory-freed */
}

static int dr_map(struct dr_dev *d, struct vm_area_struct *vma)
{
	return dma_mmap_coherent(d->dev, vma, d->ring, d->ring_dma, d->size);
}

static const struct dr_ops dr_ops = { .free = dr_free, .mmap = dr_map };

static int dr_fop_mmap(struct file *f, struct vm_area_struct *vma)
{
	return dr_map(f->private_data, vma);
}

static const struct file_operations dr_fops = { .mmap = dr_fop_mmap };
