#include <linux/mmlint_stub.h>
/*
 * Revoked first with the zaps' other spellings (the 2026 renames zap_special_vma_range(),
 * was zap_vma_ptes(), and zap_vma_range(), was zap_page_range_single() without its details
 * argument): the free after the zap is the fixed form, as after zap_vma_ptes().
 */

struct zm_dev {
	void *ring;
	void *buf;
	struct vm_area_struct *vma;	/* the one mapping, tracked in ->mmap/->close */
};

static int zm_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct zm_dev *d = f->private_data;

	d->vma = vma;
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->ring) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static int zm_buf_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct zm_dev *d = f->private_data;

	d->vma = vma;
	return vmf_insert_pfn(vma, vma->vm_start, page_to_pfn(virt_to_page(d->buf)));
}

static const struct file_operations zm_fops = { .mmap = zm_mmap };
static const struct file_operations zm_buf_fops = { .mmap = zm_buf_mmap };

void zm_shrink(struct zm_dev *d)
{
	zap_special_vma_range(d->vma, d->vma->vm_start, PAGE_SIZE);
	vfree(d->ring); /* ok: mapped-memory-freed */
	d->ring = NULL;
}

void zm_drop_buf(struct zm_dev *d)
{
	zap_vma_range(d->vma, d->vma->vm_start, PAGE_SIZE);
	kfree(d->buf); /* ok: mapped-memory-freed */
	d->buf = NULL;
}

/* no zap at all: still reported */
void zm_drop_buf_unrevoked(struct zm_dev *d)
{
	kfree(d->buf); /* expect: mapped-memory-freed */
	d->buf = NULL;
}
