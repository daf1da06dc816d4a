#include <linux/mmlint_stub.h>
/*
 * page-reused-under-gup, fixed forms that must stay quiet: pages released by
 * reference (put_page, __free_page(s), vfree: GUP's reference keeps each page
 * until its put), pool memory mapped with special PTEs (vmf_insert_pfn(),
 * remap_pfn_range() through a helper: GUP refuses them) and zapped before the
 * pool gets it back, and refcounted memory dropped in f_op->release.
 */

/* 1. alloc_page()d pages in an array, vm_map_pages(), put one by one at teardown. */
struct ja_pages {
	struct page **arr;
	unsigned long nr;
	struct inode *ino;
};

int ja_fill(struct ja_pages *j)
{
	unsigned long i;

	for (i = 0; i < j->nr; i++)
		j->arr[i] = alloc_page(GFP_KERNEL);
	return 0;
}

static int ja_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct ja_pages *j = file->private_data;

	return vm_map_pages(vma, j->arr, j->nr);
}

static const struct file_operations ja_fops = { .mmap = ja_mmap };

void ja_teardown(struct ja_pages *j)
{
	unsigned long i;

	unmap_mapping_range(j->ino->i_mapping, 0, 0, 1);
	for (i = 0; i < j->nr; i++)
		put_page(j->arr[i]); /* ok: page-reused-under-gup */
}

/* 2. A fault handler's vmf_insert_page() of a driver page, freed with __free_page(). */
struct kd_ctx {
	struct page *status;
	struct inode *ino;
};

static vm_fault_t kd_fault(struct vm_fault *vmf)
{
	struct kd_ctx *k = vmf->vma->vm_private_data;

	return vmf_insert_page(vmf->vma, vmf->address, k->status);
}

static const struct vm_operations_struct kd_vm_ops = { .fault = kd_fault };

void kd_remove(struct kd_ctx *k)
{
	unmap_mapping_range(k->ino->i_mapping, 0, 0, 1);
	__free_page(k->status); /* ok: page-reused-under-gup */
}

/*
 * 3. Pool memory inserted with vmf_insert_pfn(): a special PTE; revoked (the fault refuses once
 * remove() marks the device gone, then the zap), then returned.
 */
struct yb_dev {
	struct gen_pool *pool;
	void *mmio_shadow;
	size_t len;
	bool gone;
	spinlock_t lock;
	struct inode *ino;
};

static vm_fault_t yb_fault(struct vm_fault *vmf)
{
	struct yb_dev *y = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	spin_lock(&y->lock);
	if (!y->gone)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(y->mmio_shadow) >> PAGE_SHIFT);
	spin_unlock(&y->lock);
	return ret;
}

static const struct vm_operations_struct yb_vm_ops = { .fault = yb_fault };

void yb_remove(struct yb_dev *y)
{
	spin_lock(&y->lock);
	y->gone = true;
	spin_unlock(&y->lock);
	unmap_mapping_range(y->ino->i_mapping, 0, 0, 1);
	gen_pool_free(y->pool, (unsigned long)y->mmio_shadow, y->len); /* ok: page-reused-under-gup */
}

/* 4. remap_pfn_range() of pool memory through a helper: special PTEs as well. */
struct ev_dev {
	struct gen_pool *pool;
	void *table;
	size_t table_len;
	struct inode *ino;
};

static int ev_remap(struct vm_area_struct *vma, void *kaddr, size_t len)
{
	return remap_pfn_range(vma, vma->vm_start, PFN_DOWN(virt_to_phys(kaddr)), len, vma->vm_page_prot);
}

static int ev_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct ev_dev *e = file->private_data;

	return ev_remap(vma, e->table, e->table_len);
}

static const struct file_operations ev_fops = { .mmap = ev_mmap };

void ev_remove(struct ev_dev *e)
{
	unmap_mapping_range(e->ino->i_mapping, 0, 0, 1);
	gen_pool_free(e->pool, (unsigned long)e->table, e->table_len); /* ok: page-reused-under-gup */
}

/* 5. vmalloc_user() memory mapped page by page, dropped with vfree() in f_op->release. */
struct uq_log {
	void *buf;
	unsigned long pages;
};

static int uq_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct uq_log *u = file->private_data;
	unsigned long i;
	int ret = 0;

	for (i = 0; i < u->pages && !ret; i++)
		ret = vm_insert_page(vma, vma->vm_start + i * PAGE_SIZE, vmalloc_to_page(u->buf + i * PAGE_SIZE));
	return ret;
}

static int uq_release(struct inode *inode, struct file *file)
{
	struct uq_log *u = file->private_data;

	vfree(u->buf); /* ok: page-reused-under-gup */
	return 0;
}

static const struct file_operations uq_fops = { .mmap = uq_mmap, .release = uq_release };

/* 6. The page the fault handler hands over comes from alloc_page(); put in ->close. */
struct sn_ctx {
	struct page *pg;
};

static vm_fault_t sn_fault(struct vm_fault *vmf)
{
	struct sn_ctx *s = vmf->vma->vm_private_data;

	get_page(s->pg);
	vmf->page = s->pg;
	return 0;
}

static void sn_close(struct vm_area_struct *vma)
{
	struct sn_ctx *s = vma->vm_private_data;

	__free_pages(s->pg, 0); /* ok: page-reused-under-gup */
}

static const struct vm_operations_struct sn_vm_ops = { .fault = sn_fault, .close = sn_close };
