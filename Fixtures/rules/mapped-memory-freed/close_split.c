#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: a buffer freed in vm_ops->close is safe only when that vma is the
 * buffer's last mapping. A vma can be split (munmap of part of it, mprotect) or copied (fork,
 * mremap): each piece calls ->close, so a close that frees the whole buffer frees it under the
 * other pieces' PTEs (genwqe's genwqe_vma_close() in 6.12, card_dev.c:163-164, triaged in
 * docs/device-mappings-6.12.md). Fixed: ->open takes a reference per vma and ->close drops
 * it, the last one frees.
 * Formerly a known miss (a free in ->close was taken as safe by construction: that holds for
 * the closing vma only). ->close runs once per vma: munmap/mprotect of part splits the vma
 * (mm/vma.c __split_vma calls ->open for the new piece), fork copies it (dup_mmap), an mremap
 * of the whole vma opens the new one and closes the old one after moving its PTEs.
 */

struct cs_buf {
	struct kref ref;
	void *cpu;
	dma_addr_t handle;
	size_t size;
	struct device *dev;
};

static void cs_vma_close(struct vm_area_struct *vma)
{
	struct cs_buf *b = vma->vm_private_data;

	dma_free_coherent(b->dev, b->size, b->cpu, b->handle); /* expect: mapped-memory-freed */
	kfree(b);
}

static const struct vm_operations_struct cs_vm_ops = {
	.close = cs_vma_close,
};

static int cs_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct cs_buf *b = f->private_data;

	vma->vm_private_data = b;
	vma->vm_ops = &cs_vm_ops;
	return dma_mmap_coherent(b->dev, vma, b->cpu, b->handle, b->size);
}

static const struct file_operations cs_fops = {
	.mmap = cs_mmap,
};

/* Fixed: one reference per vma, the last close frees. */
static void cs_ref_release(struct kref *ref)
{
	struct cs_buf *b = container_of(ref, struct cs_buf, ref);

	dma_free_coherent(b->dev, b->size, b->cpu, b->handle); /* ok: mapped-memory-freed */
	kfree(b);
}

static void cs_vma_open_ref(struct vm_area_struct *vma)
{
	struct cs_buf *b = vma->vm_private_data;

	kref_get(&b->ref);
}

static void cs_vma_close_ref(struct vm_area_struct *vma)
{
	struct cs_buf *b = vma->vm_private_data;

	kref_put(&b->ref, cs_ref_release);
}

static const struct vm_operations_struct cs_vm_ops_ref = {
	.open = cs_vma_open_ref,
	.close = cs_vma_close_ref,
};

static int cs_mmap_ref(struct file *f, struct vm_area_struct *vma)
{
	struct cs_buf *b = f->private_data;

	vma->vm_private_data = b;
	vma->vm_ops = &cs_vm_ops_ref;
	kref_get(&b->ref);
	return dma_mmap_coherent(b->dev, vma, b->cpu, b->handle, b->size);
}

static const struct file_operations cs_fops_ref = {
	.mmap = cs_mmap_ref,
};
