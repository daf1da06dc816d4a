#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: the pfn a driver maps is often its buffer's first page frame plus the
 * offset user space asked for, `(virt_to_phys(buf) >> PAGE_SHIFT) + vma->vm_pgoff` (6.1's
 * aspeed-lpc-ctrl.c :60-62 maps its region so). A page frame number plus an offset in pages is
 * the same memory: the insert maps the buffer, and its free in remove() is judged. Formerly a
 * miss: the sum had no value, so the insert mapped nothing the rule could name.
 */

struct po_dev {
	void *buf;
	void *ring;
	size_t size;
};

static int po_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct po_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, (virt_to_phys(d->buf) >> PAGE_SHIFT) + vma->vm_pgoff,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static int po_ring_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct po_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, vma->vm_pgoff + (virt_to_phys(d->ring) >> PAGE_SHIFT),
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static const struct file_operations po_fops = {
	.mmap = po_mmap,
};

static const struct file_operations po_ring_fops = {
	.mmap = po_ring_mmap,
};

void po_remove(struct po_dev *d)
{
	kfree(d->buf); /* expect: mapped-memory-freed */
	kfree(d->ring); /* expect: mapped-memory-freed */
}

/* Fixed: freed when the file's last reference goes (a vma pins its file). */
struct pf_dev {
	void *buf;
};

static int pf_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct pf_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, (virt_to_phys(d->buf) >> PAGE_SHIFT) + vma->vm_pgoff,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static int pf_release(struct inode *inode, struct file *f)
{
	struct pf_dev *d = f->private_data;

	kfree(d->buf); /* ok: mapped-memory-freed */
	return 0;
}

static const struct file_operations pf_fops = {
	.mmap = pf_mmap,
	.release = pf_release,
};
