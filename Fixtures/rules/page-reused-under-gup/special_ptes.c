#include <linux/mmlint_stub.h>
/*
 * page-reused-under-gup and special PTEs. remap_pfn_range()/vmf_insert_pfn() insert
 * special PTEs: GUP refuses them, so pool memory mapped that way and zapped before
 * the release is safe from GUP (mapped-memory-freed judges the no-zap case).
 * vmf_insert_mixed() makes a special PTE for a pfn without PFN_MAP and a devmap
 * one with it: the rule reports both, and replay decides by the PTE kind — a
 * devmap PTE is taken by GUP-fast (confirmed), a special one refused (refuted
 * once the PTEs are zapped; without a zap user space itself still reaches the
 * memory: confirmed).
 */

struct sp_dev {
	struct gen_pool *pool;
	void *win;
	void *buf;
	void *cmd;
	size_t size;
	struct inode *inode;
};

/* remap_pfn_range(): special PTEs, zapped, then released: nothing keeps the memory. */
static int sp_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct sp_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->win) >> PAGE_SHIFT, d->size, vma->vm_page_prot);
}

static const struct file_operations sp_fops = { .mmap = sp_mmap };

void sp_remove(struct sp_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	gen_pool_free(d->pool, (unsigned long)d->win, d->size); /* ok: page-reused-under-gup */
}

/* vmf_insert_mixed() of a page's pfn: a special PTE. */
static vm_fault_t sp_fault(struct vm_fault *vmf)
{
	struct sp_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_mixed(vmf->vma, vmf->address, page_to_pfn_t(virt_to_page(d->buf)));
}

static const struct vm_operations_struct sp_vm_ops = { .fault = sp_fault };

void sp_revoke(struct sp_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	gen_pool_free(d->pool, (unsigned long)d->buf, d->size); /* expect: page-reused-under-gup replay=refuted */
}

void sp_reset(struct sp_dev *d)
{
	gen_pool_free(d->pool, (unsigned long)d->buf, d->size); /* expect: page-reused-under-gup replay=confirmed */
}

/* The same with PFN_DEV | PFN_MAP through locals: a devmap PTE, which GUP-fast takes. */
static vm_fault_t sp_cmd_fault(struct vm_fault *vmf)
{
	struct sp_dev *d = vmf->vma->vm_private_data;
	u64 flags = PFN_DEV | PFN_MAP;
	pfn_t pfn = phys_to_pfn_t(virt_to_phys(d->cmd), flags);

	return vmf_insert_mixed(vmf->vma, vmf->address, pfn);
}

static const struct vm_operations_struct sp_cmd_vm_ops = { .fault = sp_cmd_fault };

void sp_cmd_revoke(struct sp_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	gen_pool_free_owner(d->pool, (unsigned long)d->cmd, d->size, NULL); /* expect: page-reused-under-gup replay=confirmed */
}
