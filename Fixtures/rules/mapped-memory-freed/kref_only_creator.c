#include <linux/mmlint_stub.h>
/*
 * A buffer freed by the release its kref_put() runs. The release runs when the last
 * reference drops: after every mapping only where the mappings can hold one. A kref that
 * nothing ever counts up (no kref_get, no kref_get_unless_zero) has its creator's reference
 * alone, so the destroy path's put frees the memory under the user's PTEs. Where ->mmap,
 * vm_ops->open or the file's ->open takes a reference, the put is the last one only after
 * every mapping is gone.
 */

/* 1. BUG: created with one reference, mapped with none, destroyed by an ioctl. */
struct kc_buf {
	struct kref ref;
	void *va;
	size_t size;
};

static void kc_release(struct kref *ref)
{
	struct kc_buf *b = container_of(ref, struct kc_buf, ref);

	free_pages_exact(b->va, b->size); /* expect: mapped-memory-freed */
	kfree(b);
}

static int kc_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct kc_buf *b = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(b->va) >> PAGE_SHIFT, b->size, vma->vm_page_prot);
}

static long kc_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct kc_buf *b = f->private_data;

	kref_put(&b->ref, kc_release);
	return 0;
}

static const struct file_operations kc_fops = { .mmap = kc_mmap, .unlocked_ioctl = kc_ioctl };

/* 2. FIXED: every vma holds a reference (->mmap for the first, ->open for the others). */
struct kv_buf {
	struct kref ref;
	void *va;
	size_t size;
};

static void kv_release(struct kref *ref)
{
	struct kv_buf *b = container_of(ref, struct kv_buf, ref);

	free_pages_exact(b->va, b->size); /* ok: mapped-memory-freed */
	kfree(b);
}

static void kv_vm_open(struct vm_area_struct *vma)
{
	struct kv_buf *b = vma->vm_private_data;

	kref_get(&b->ref);
}

static void kv_vm_close(struct vm_area_struct *vma)
{
	struct kv_buf *b = vma->vm_private_data;

	kref_put(&b->ref, kv_release);
}

static const struct vm_operations_struct kv_vm_ops = { .open = kv_vm_open, .close = kv_vm_close };

static int kv_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct kv_buf *b = f->private_data;
	int ret;

	ret = remap_pfn_range(vma, vma->vm_start, virt_to_phys(b->va) >> PAGE_SHIFT, b->size, vma->vm_page_prot);
	if (ret)
		return ret;
	vma->vm_ops = &kv_vm_ops;
	vma->vm_private_data = b;
	kref_get(&b->ref);
	return 0;
}

static long kv_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct kv_buf *b = f->private_data;

	kref_put(&b->ref, kv_release);
	return 0;
}

static const struct file_operations kv_fops = { .mmap = kv_mmap, .unlocked_ioctl = kv_ioctl };

/* 3. BUG, DMA memory and a put wrapper: still no reference but the creator's. */
struct kd_queue {
	struct kref kref;
	struct device *dev;
	void *cpu;
	dma_addr_t handle;
	size_t len;
};

static void kd_free(struct kref *kref)
{
	struct kd_queue *q = container_of(kref, struct kd_queue, kref);

	dma_free_coherent(q->dev, q->len, q->cpu, q->handle); /* expect: mapped-memory-freed */
	kfree(q);
}

static void kd_put(struct kd_queue *q)
{
	kref_put(&q->kref, kd_free);
}

static int kd_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct kd_queue *q = f->private_data;

	return dma_mmap_coherent(q->dev, vma, q->cpu, q->handle, q->len);
}

static long kd_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	kd_put(f->private_data);
	return 0;
}

static const struct file_operations kd_fops = { .mmap = kd_mmap, .unlocked_ioctl = kd_ioctl };

/* 4. FIXED: each open file looks the queue up with a reference its ->release drops (a vma pins its file). */
struct kl_queue {
	struct kref kref;
	struct device *dev;
	void *cpu;
	dma_addr_t handle;
	size_t len;
};

extern struct kl_queue *kl_lookup(struct inode *inode);

static void kl_free(struct kref *kref)
{
	struct kl_queue *q = container_of(kref, struct kl_queue, kref);

	dma_free_coherent(q->dev, q->len, q->cpu, q->handle); /* ok: mapped-memory-freed */
	kfree(q);
}

static int kl_open(struct inode *inode, struct file *f)
{
	struct kl_queue *q = kl_lookup(inode);

	if (!q || !kref_get_unless_zero(&q->kref))
		return -ENODEV;
	f->private_data = q;
	return 0;
}

static int kl_file_release(struct inode *inode, struct file *f)
{
	struct kl_queue *q = f->private_data;

	kref_put(&q->kref, kl_free);
	return 0;
}

static int kl_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct kl_queue *q = f->private_data;

	return dma_mmap_coherent(q->dev, vma, q->cpu, q->handle, q->len);
}

static long kl_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct kl_queue *q = f->private_data;

	kref_put(&q->kref, kl_free);
	return 0;
}

static const struct file_operations kl_fops = {
	.open = kl_open, .release = kl_file_release, .mmap = kl_mmap, .unlocked_ioctl = kl_ioctl,
};

/* 5. No get anywhere, but the only put is in the file's ->release: after every mapping. */
struct kr_buf {
	struct kref ref;
	void *va;
	size_t size;
};

static void kr_release(struct kref *ref)
{
	struct kr_buf *b = container_of(ref, struct kr_buf, ref);

	free_pages_exact(b->va, b->size); /* ok: mapped-memory-freed */
	kfree(b);
}

static int kr_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct kr_buf *b = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(b->va) >> PAGE_SHIFT, b->size, vma->vm_page_prot);
}

static int kr_file_release(struct inode *inode, struct file *f)
{
	struct kr_buf *b = f->private_data;

	kref_put(&b->ref, kr_release);
	return 0;
}

static const struct file_operations kr_fops = { .mmap = kr_mmap, .release = kr_file_release };
