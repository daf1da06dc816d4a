#include <linux/mmlint_stub.h>
/*
 * sound/core/pcm_native.c shape: the playback and capture fds share an array of two
 * file_operations (snd_pcm_f_ops[2]); the data area is dma_mmap_coherent()ed, every vma
 * counts itself in mmap_count (->mmap and vm_ops->open increment, ->close decrements), and
 * hw_free/hw_params refuse while mmap_count is non-zero. The release (last close of the fd)
 * frees unconditionally: safe. The check and the mmap hold one lock (ALSA: the buffer access
 * lock and stream state), so no mapping appears between the test and the free. A
 * driver-private "resize" ioctl that reallocates the area with no mmap_count check frees it
 * under the user's PTEs. The hw_free's free sits in a static helper every call of which comes
 * on the zero side of the count test (calledWhenUncounted); a helper also called elsewhere is
 * judged.
 */

#define EBADFD 77

struct pc_substream {
	struct device *dev;
	struct mutex buffer_lock;
	atomic_t mmap_count;
	unsigned char *dma_area;
	dma_addr_t dma_addr;
	size_t dma_bytes;
};

static void pc_mmap_data_open(struct vm_area_struct *area)
{
	struct pc_substream *s = area->vm_private_data;

	atomic_inc(&s->mmap_count);
}

static void pc_mmap_data_close(struct vm_area_struct *area)
{
	struct pc_substream *s = area->vm_private_data;

	atomic_dec(&s->mmap_count);
}

static const struct vm_operations_struct pc_vm_ops_data = {
	.open = pc_mmap_data_open,
	.close = pc_mmap_data_close,
};

static int pc_mmap(struct file *file, struct vm_area_struct *area)
{
	struct pc_substream *s = file->private_data;
	int err;

	area->vm_ops = &pc_vm_ops_data;
	area->vm_private_data = s;
	mutex_lock(&s->buffer_lock);
	err = dma_mmap_coherent(s->dev, area, s->dma_area, s->dma_addr, area->vm_end - area->vm_start);
	if (!err)
		atomic_inc(&s->mmap_count);
	mutex_unlock(&s->buffer_lock);
	return err;
}

static void pc_free_area(struct pc_substream *s)
{
	dma_free_coherent(s->dev, s->dma_bytes, s->dma_area, s->dma_addr); /* ok: mapped-memory-freed */
	s->dma_area = NULL;
}

static int pc_hw_free(struct pc_substream *s)
{
	int err = 0;

	mutex_lock(&s->buffer_lock);
	if (atomic_read(&s->mmap_count))
		err = -EBADFD;
	else
		pc_free_area(s);
	mutex_unlock(&s->buffer_lock);
	return err;
}

/* BUG: reallocates the area with no mmap_count check. */
static int pc_resize(struct pc_substream *s, size_t bytes)
{
	void *old = s->dma_area;
	dma_addr_t old_addr = s->dma_addr;
	size_t old_bytes = s->dma_bytes;

	s->dma_area = dma_alloc_coherent(s->dev, bytes, &s->dma_addr, GFP_KERNEL);
	if (!s->dma_area)
		return -ENOMEM;
	s->dma_bytes = bytes;
	dma_free_coherent(s->dev, old_bytes, old, old_addr); /* expect: mapped-memory-freed */
	return 0;
}

/* The same helper also called with no count test: its frees are judged. */
static void cg_free_area(struct pc_substream *s)
{
	dma_free_coherent(s->dev, s->dma_bytes, s->dma_area, s->dma_addr); /* expect: mapped-memory-freed */
	s->dma_area = NULL;
}

static int cg_hw_free(struct pc_substream *s)
{
	int err = 0;

	mutex_lock(&s->buffer_lock);
	if (atomic_read(&s->mmap_count))
		err = -EBADFD;
	else
		cg_free_area(s);
	mutex_unlock(&s->buffer_lock);
	return err;
}

static int cg_reset(struct pc_substream *s)
{
	cg_free_area(s);
	return cg_hw_free(s);
}

static long pc_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct pc_substream *s = file->private_data;

	if (cmd == 1)
		return pc_hw_free(s);
	if (cmd == 2)
		return cg_reset(s);
	return pc_resize(s, arg);
}

static int pc_release(struct inode *inode, struct file *file)
{
	struct pc_substream *s = file->private_data;

	if (s->dma_area)
		dma_free_coherent(s->dev, s->dma_bytes, s->dma_area, s->dma_addr); /* ok: mapped-memory-freed */
	kfree(s);
	return 0;
}

const struct file_operations pc_f_ops[2] = {
	{
		.release = pc_release,
		.unlocked_ioctl = pc_ioctl,
		.mmap = pc_mmap,
	},
	{
		.release = pc_release,
		.unlocked_ioctl = pc_ioctl,
		.mmap = pc_mmap,
	}
};
