#include <linux/mmlint_stub.h>
/*
 * page-reused-under-gup with the 6.15 inserters of ZONE_DEVICE/DAX memory (Alistair Popple,
 * "fs/dax: Fix ZONE_DEVICE page reference counts"): vmf_insert_page_mkwrite(vmf, page, write)
 * maps through insert_page() (mm/memory.c), vmf_insert_folio_pmd/pud(vmf, folio, write)
 * through insert_pmd()/insert_pud() with a folio (mm/huge_memory.c): each takes a folio
 * reference and adds the rmap, as vm_insert_page() does, so GUP takes its own reference
 * through the PTE/PMD/PUD. Pool memory mapped that way and handed back with gen_pool_free()
 * while a GUP reference may remain is reused under it, zap or not.
 */

struct zd_dev {
	struct gen_pool *pool;
	void *buf;
	void *huge;
	void *giant;
	void *kept;
	size_t size;
	struct inode *inode;
};

static vm_fault_t zd_fault(struct vm_fault *vmf)
{
	struct zd_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_page_mkwrite(vmf, virt_to_page(d->buf), vmf->flags & FAULT_FLAG_WRITE);
}

static vm_fault_t zd_huge_fault(struct vm_fault *vmf)
{
	struct zd_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_folio_pmd(vmf, page_folio(virt_to_page(d->huge)), vmf->flags & FAULT_FLAG_WRITE);
}

static vm_fault_t zd_giant_fault(struct vm_fault *vmf)
{
	struct zd_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_folio_pud(vmf, page_folio(virt_to_page(d->giant)), vmf->flags & FAULT_FLAG_WRITE);
}

static const struct vm_operations_struct zd_vm_ops = { .fault = zd_fault };
static const struct vm_operations_struct zd_huge_vm_ops = { .fault = zd_huge_fault };
static const struct vm_operations_struct zd_giant_vm_ops = { .fault = zd_giant_fault };

void zd_remove(struct zd_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	gen_pool_free(d->pool, (unsigned long)d->buf, d->size); /* expect: page-reused-under-gup replay=confirmed */
	gen_pool_free(d->pool, (unsigned long)d->huge, d->size); /* expect: page-reused-under-gup replay=confirmed */
	gen_pool_free(d->pool, (unsigned long)d->giant, d->size); /* expect: page-reused-under-gup replay=confirmed */
}

/* released by reference: the page lives until GUP's put */
static vm_fault_t zd_kept_fault(struct vm_fault *vmf)
{
	struct zd_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_page_mkwrite(vmf, virt_to_page(d->kept), false);
}

static const struct vm_operations_struct zd_kept_vm_ops = { .fault = zd_kept_fault };

void zd_drop_kept(struct zd_dev *d)
{
	put_page(virt_to_page(d->kept)); /* ok: page-reused-under-gup */
}
