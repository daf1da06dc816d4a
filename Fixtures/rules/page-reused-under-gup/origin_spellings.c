#include <linux/mmlint_stub.h>
/*
 * page-reused-under-gup with the inserted page's origin spelled other ways: one pool region or
 * another by a conditional, and the page a lookup helper returns. vm_insert_page() PTEs are
 * refcounted: GUP can pin the page through them, and a zap does not drop such a pin, so
 * handing the region back to the pool (gen_pool_free) lets it be reused under the pin.
 * Negative: a region of the pool nothing maps.
 */

struct og_dev {
	struct gen_pool *pool;
	void *ctl;
	void *data;
	void *sram;
	void *tmp;
	size_t len;
	struct inode *inode;
};

static int og_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct og_dev *d = f->private_data;
	void *va = vma->vm_pgoff ? d->data : d->ctl;

	return vm_insert_page(vma, vma->vm_start, virt_to_page(va));
}

static long og_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct og_dev *d = f->private_data;

	if (cmd == 2) {
		gen_pool_free(d->pool, (unsigned long)d->tmp, d->len); /* ok: page-reused-under-gup (never mapped) */
		return 0;
	}
	gen_pool_free(d->pool, (unsigned long)d->data, d->len); /* expect: page-reused-under-gup */
	d->data = NULL;
	return 0;
}

static const struct file_operations og_fops = { .mmap = og_mmap, .unlocked_ioctl = og_ioctl };

static struct page *og_page_at(struct og_dev *d, pgoff_t off)
{
	return virt_to_page(d->sram + off * PAGE_SIZE);
}

static int og_sram_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct og_dev *d = f->private_data;

	return vm_insert_page(vma, vma->vm_start, og_page_at(d, vma->vm_pgoff));
}

static const struct file_operations og_sram_fops = { .mmap = og_sram_mmap };

void og_remove(struct og_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	gen_pool_free(d->pool, (unsigned long)d->sram, d->len); /* expect: page-reused-under-gup */
}
