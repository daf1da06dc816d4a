#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: a close that drops a reference, freeing on the last, frees for the last
 * vma only when every vma holds one: ->open takes it for each new vma (a split piece, a fork
 * copy, an mremap target). A reference taken in ->mmap alone belongs to the first vma: after a
 * split or an mremap move (copy_vma() opens the new vma, move_vma() closes the old one) two
 * closes drop one reference, and the first of them frees the memory the other vma still maps.
 * Formerly a known miss (the rule said: "a count taken only in ->mmap underflows on a split:
 * missed"): any last-reference drop in the close's chain was taken as safe.
 * Spellings: kref_put() with the release, refcount_dec_and_test() in the close, a put helper
 * between the close and kref_put(), an ->open that counts another member.
 */

int get_order(unsigned long size);
unsigned long vmalloc_to_pfn(const void *addr);

/* One buffer type per case (a member mapped by one case is not freed by another). */
#define RM_BUF(name)			\
	struct name {			\
		struct kref ref;	\
		refcount_t users;	\
		atomic_t opens;		\
		void *cpu;		\
		dma_addr_t handle;	\
		size_t size;		\
		struct device *dev;	\
	}

RM_BUF(rm_buf);
RM_BUF(rc_buf);
RM_BUF(hp_buf);
RM_BUF(om_buf);
RM_BUF(fx_buf);
RM_BUF(fr_buf);
RM_BUF(fl_buf);

/* 1. kref_get() in ->mmap, kref_put() in ->close, no ->open. */
static void rm_release(struct kref *ref)
{
	struct rm_buf *b = container_of(ref, struct rm_buf, ref);

	dma_free_coherent(b->dev, b->size, b->cpu, b->handle); /* expect: mapped-memory-freed */
	kfree(b);
}

static void rm_vma_close(struct vm_area_struct *vma)
{
	struct rm_buf *b = vma->vm_private_data;

	kref_put(&b->ref, rm_release);
}

static const struct vm_operations_struct rm_vm_ops = {
	.close = rm_vma_close,
};

static int rm_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rm_buf *b = f->private_data;

	kref_get(&b->ref);
	vma->vm_private_data = b;
	vma->vm_ops = &rm_vm_ops;
	return dma_mmap_coherent(b->dev, vma, b->cpu, b->handle, b->size);
}

static const struct file_operations rm_fops = {
	.mmap = rm_mmap,
};

/* 2. refcount_inc() in ->mmap, refcount_dec_and_test() in ->close, no ->open. */
static void rc_vma_close(struct vm_area_struct *vma)
{
	struct rc_buf *b = vma->vm_private_data;

	if (refcount_dec_and_test(&b->users))
		free_pages((unsigned long)b->cpu, get_order(b->size)); /* expect: mapped-memory-freed */
}

static const struct vm_operations_struct rc_vm_ops = {
	.close = rc_vma_close,
};

static int rc_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rc_buf *b = f->private_data;

	refcount_inc(&b->users);
	vma->vm_private_data = b;
	vma->vm_ops = &rc_vm_ops;
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(b->cpu) >> PAGE_SHIFT, b->size, vma->vm_page_prot);
}

static const struct file_operations rc_fops = {
	.mmap = rc_mmap,
};

/* 3. The close calls a put helper; the helper's kref_put() names the release. */
static void hp_release(struct kref *ref)
{
	struct hp_buf *b = container_of(ref, struct hp_buf, ref);

	vfree(b->cpu); /* expect: mapped-memory-freed */
	kfree(b);
}

static void hp_put(struct hp_buf *b)
{
	kref_put(&b->ref, hp_release);
}

static void hp_vma_close(struct vm_area_struct *vma)
{
	hp_put(vma->vm_private_data);
}

static const struct vm_operations_struct hp_vm_ops = {
	.close = hp_vma_close,
};

static int hp_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct hp_buf *b = f->private_data;

	kref_get(&b->ref);
	vma->vm_private_data = b;
	vma->vm_ops = &hp_vm_ops;
	return remap_pfn_range(vma, vma->vm_start, vmalloc_to_pfn(b->cpu), b->size, vma->vm_page_prot);
}

static const struct file_operations hp_fops = {
	.mmap = hp_mmap,
};

/* 4. An ->open that counts another member: the reference the close drops is still per mmap. */
static void om_release(struct kref *ref)
{
	struct om_buf *b = container_of(ref, struct om_buf, ref);

	dma_free_coherent(b->dev, b->size, b->cpu, b->handle); /* expect: mapped-memory-freed */
}

static void om_vma_open(struct vm_area_struct *vma)
{
	struct om_buf *b = vma->vm_private_data;

	atomic_inc(&b->opens);
}

static void om_vma_close(struct vm_area_struct *vma)
{
	struct om_buf *b = vma->vm_private_data;

	kref_put(&b->ref, om_release);
}

static const struct vm_operations_struct om_vm_ops = {
	.open = om_vma_open,
	.close = om_vma_close,
};

static int om_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct om_buf *b = f->private_data;

	kref_get(&b->ref);
	vma->vm_private_data = b;
	vma->vm_ops = &om_vm_ops;
	return dma_mmap_coherent(b->dev, vma, b->cpu, b->handle, b->size);
}

static const struct file_operations om_fops = {
	.mmap = om_mmap,
};

/* Fixed 1: ->open takes the reference ->close drops, for every new vma. */
static void fx_release(struct kref *ref)
{
	struct fx_buf *b = container_of(ref, struct fx_buf, ref);

	dma_free_coherent(b->dev, b->size, b->cpu, b->handle); /* ok: mapped-memory-freed */
}

static void fx_vma_open(struct vm_area_struct *vma)
{
	struct fx_buf *b = vma->vm_private_data;

	kref_get(&b->ref);
}

static void fx_vma_close(struct vm_area_struct *vma)
{
	struct fx_buf *b = vma->vm_private_data;

	kref_put(&b->ref, fx_release);
}

static const struct vm_operations_struct fx_vm_ops = {
	.open = fx_vma_open,
	.close = fx_vma_close,
};

static int fx_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct fx_buf *b = f->private_data;

	kref_get(&b->ref);
	vma->vm_private_data = b;
	vma->vm_ops = &fx_vm_ops;
	return dma_mmap_coherent(b->dev, vma, b->cpu, b->handle, b->size);
}

static const struct file_operations fx_fops = {
	.mmap = fx_mmap,
};

/* Fixed 2: refcount_inc() in ->open for each vma, the last close frees. */
static void fr_vma_open(struct vm_area_struct *vma)
{
	struct fr_buf *b = vma->vm_private_data;

	refcount_inc(&b->users);
}

static void fr_vma_close(struct vm_area_struct *vma)
{
	struct fr_buf *b = vma->vm_private_data;

	if (refcount_dec_and_test(&b->users))
		free_pages((unsigned long)b->cpu, get_order(b->size)); /* ok: mapped-memory-freed */
}

static const struct vm_operations_struct fr_vm_ops = {
	.open = fr_vma_open,
	.close = fr_vma_close,
};

static int fr_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct fr_buf *b = f->private_data;

	refcount_inc(&b->users);
	vma->vm_private_data = b;
	vma->vm_ops = &fr_vm_ops;
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(b->cpu) >> PAGE_SHIFT, b->size, vma->vm_page_prot);
}

static const struct file_operations fr_fops = {
	.mmap = fr_mmap,
};

/* Not a per-vma drop: the file's ->release puts the last reference (a vma pins its file). */
static void fl_release_ref(struct kref *ref)
{
	struct fl_buf *b = container_of(ref, struct fl_buf, ref);

	dma_free_coherent(b->dev, b->size, b->cpu, b->handle); /* ok: mapped-memory-freed */
}

static int fl_release(struct inode *inode, struct file *f)
{
	struct fl_buf *b = f->private_data;

	kref_put(&b->ref, fl_release_ref);
	return 0;
}

static int fl_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct fl_buf *b = f->private_data;

	return dma_mmap_coherent(b->dev, vma, b->cpu, b->handle, b->size);
}

static const struct file_operations fl_fops = {
	.mmap = fl_mmap,
	.release = fl_release,
};
