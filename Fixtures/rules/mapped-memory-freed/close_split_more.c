#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed, vm_ops->close: more spellings of a close that frees memory other vmas
 * still map (a split piece, a fork copy, an mremap target), and the per-vma count that fixes it.
 */

/* A fault handler inserts the pfn; close frees through a helper that takes the address. */
struct ring_ctx {
	unsigned long pages;
	unsigned int order;
	atomic_t maps;
};

static void ring_free_pages(unsigned long addr, unsigned int order)
{
	if (!addr)
		return;
	free_pages(addr, order);
}

static vm_fault_t ring_fault(struct vm_fault *vmf)
{
	struct ring_ctx *r = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys((void *)r->pages) >> PAGE_SHIFT);
}

static void ring_close(struct vm_area_struct *vma)
{
	struct ring_ctx *r = vma->vm_private_data;

	ring_free_pages(r->pages, r->order); /* expect: mapped-memory-freed replay=confirmed */
}

static const struct vm_operations_struct ring_vm_ops = {
	.fault = ring_fault,
	.close = ring_close,
};

/* Splits refused and fork kept out (VM_DONTCOPY): an mremap of the whole vma still opens the
 * new vma and closes the old one after moving its PTEs, so the close still frees mapped memory. */
struct win_dev {
	void *mem;
	size_t len;
};

static int win_may_split(struct vm_area_struct *vma, unsigned long addr)
{
	return -EINVAL;
}

static void win_close(struct vm_area_struct *vma)
{
	struct win_dev *w = vma->vm_private_data;

	kfree(w->mem); /* expect: mapped-memory-freed */
}

static const struct vm_operations_struct win_vm_ops = {
	.close = win_close,
	.may_split = win_may_split,
};

static int win_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct win_dev *w = f->private_data;

	vm_flags_set(vma, VM_DONTCOPY | VM_DONTEXPAND);
	vma->vm_private_data = w;
	vma->vm_ops = &win_vm_ops;
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(w->mem) >> PAGE_SHIFT, w->len, vma->vm_page_prot);
}

static const struct file_operations win_fops = {
	.mmap = win_mmap,
};

/* Fixed: ->open counts every vma (split piece, fork copy, mremap target), the last close frees. */
struct cnt_ctx {
	unsigned long pages;
	unsigned int order;
	atomic_t maps;
};

static void cnt_free_pages(unsigned long addr, unsigned int order)
{
	free_pages(addr, order); /* ok: mapped-memory-freed */
}

static vm_fault_t cnt_fault(struct vm_fault *vmf)
{
	struct cnt_ctx *c = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys((void *)c->pages) >> PAGE_SHIFT);
}

static void cnt_open(struct vm_area_struct *vma)
{
	struct cnt_ctx *c = vma->vm_private_data;

	atomic_inc(&c->maps);
}

static void cnt_close(struct vm_area_struct *vma)
{
	struct cnt_ctx *c = vma->vm_private_data;

	if (!atomic_dec_and_test(&c->maps))
		return;
	cnt_free_pages(c->pages, c->order); /* ok: mapped-memory-freed */
}

static const struct vm_operations_struct cnt_vm_ops = {
	.open = cnt_open,
	.fault = cnt_fault,
	.close = cnt_close,
};

/* Fixed with a plain counter (usbfs's vma_use_count): ->open counts, close frees on the last. */
struct pc_buf {
	void *mem;
	size_t size;
	int vma_users;
	spinlock_t lock;
};

static void pc_put(struct pc_buf *p, int *count)
{
	spin_lock(&p->lock);
	--*count;
	if (p->vma_users == 0) {
		spin_unlock(&p->lock);
		kfree(p->mem); /* ok: mapped-memory-freed */
		return;
	}
	spin_unlock(&p->lock);
}

static void pc_open(struct vm_area_struct *vma)
{
	struct pc_buf *p = vma->vm_private_data;

	spin_lock(&p->lock);
	++p->vma_users;
	spin_unlock(&p->lock);
}

static void pc_close(struct vm_area_struct *vma)
{
	struct pc_buf *p = vma->vm_private_data;

	pc_put(p, &p->vma_users);
}

static const struct vm_operations_struct pc_vm_ops = {
	.open = pc_open,
	.close = pc_close,
};

static int pc_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct pc_buf *p = f->private_data;

	vma->vm_ops = &pc_vm_ops;
	vma->vm_private_data = p;
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(p->mem) >> PAGE_SHIFT, p->size, vma->vm_page_prot);
}
