#include "api.h"
/*
 * page-reused-under-gup on a 6.17+ tree, where pfn_t and devmap PTEs are gone: the mixed
 * inserters take a plain pfn (same position as before), and with ARCH_HAS_PTE_SPECIAL every
 * such insert is a special PTE/PMD/PUD (mm/memory.c insert_pfn(): pte_mkspecial; the devmap
 * branch is removed; mm/huge_memory.c insert_pmd() of a pfn: pmd_mkspecial). GUP refuses
 * special entries, so the insert is still reported (user space itself reaches the memory):
 * the argument positions held across the change, and the rule reports these as on 6.12.
 * Replay decides as for a pfn_t made without PFN_MAP — refuted once the mapping is zapped,
 * confirmed without a zap: a pfn an integer conversion computes (page_to_pfn(),
 * virt_to_phys() >> PAGE_SHIFT) can only be passed where the inserts take no pfn_t, and there
 * the entry is special. See page-reused-under-gup.yml.
 */

struct sq_dev {
	struct gen_pool *pool;
	void *buf;
	void *huge;
	size_t size;
	struct inode *inode;
};

static vm_fault_t sq_fault(struct vm_fault *vmf)
{
	struct sq_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_mixed(vmf->vma, vmf->address, page_to_pfn(virt_to_page(d->buf)));
}

static const struct vm_operations_struct sq_vm_ops = { .fault = sq_fault };

void sq_revoke(struct sq_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	gen_pool_free(d->pool, (unsigned long)d->buf, d->size); /* expect: page-reused-under-gup replay=refuted */
}

void sq_reset(struct sq_dev *d)
{
	gen_pool_free(d->pool, (unsigned long)d->buf, d->size); /* expect: page-reused-under-gup replay=confirmed */
}

static vm_fault_t sq_huge_fault(struct vm_fault *vmf)
{
	struct sq_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_pfn_pmd(vmf, virt_to_phys(d->huge) >> PAGE_SHIFT, vmf->flags & FAULT_FLAG_WRITE);
}

static const struct vm_operations_struct sq_huge_vm_ops = { .fault = sq_huge_fault };

void sq_huge_reset(struct sq_dev *d)
{
	gen_pool_free(d->pool, (unsigned long)d->huge, d->size); /* expect: page-reused-under-gup replay=confirmed */
}
