#include <linux/mmlint_stub.h>
/*
 * invalidate-non-present-pmd: splitting a huge pmd that may be a migration entry.
 *
 *   - thp_split_pmd_locked_old(): the 6.10-era bug shape. The entry is asserted
 *     to be huge OR a migration entry, is invalidated first, and the migration
 *     test is made on the value pmdp_invalidate() returned.
 *   - thp_split_pmd_locked(): the fix. Test is_pmd_migration_entry(*pmd) first;
 *     together with the VM_BUG_ON (huge or migration) its false branch proves
 *     the entry present.
 *   - thp_split_pmd() / thp_split_pmd_locked_nobug(): no assertion in the
 *     callee; the caller tested huge-or-migration under pmd_lock and the callee
 *     invalidates only on the non-migration branch.
 */

void thp_split_pmd_locked_old(struct vm_area_struct *vma, pmd_t *pmd,
			      unsigned long haddr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *page;
	bool pmd_migration, write = false;
	pmd_t old_pmd;

	VM_BUG_ON(haddr & ~HPAGE_PMD_MASK);
	VM_BUG_ON(!is_pmd_migration_entry(*pmd) && !pmd_trans_huge(*pmd)
				&& !pmd_devmap(*pmd));

	/*
	 * Invalidate first so that the dirty and young bits cannot change
	 * under us, then look at what was there.
	 */
	old_pmd = pmdp_invalidate(vma, haddr, pmd); /* expect: invalidate-non-present-pmd */

	pmd_migration = is_pmd_migration_entry(old_pmd);
	if (unlikely(pmd_migration)) {
		swp_entry_t entry = pmd_to_swp_entry(old_pmd);

		write = is_writable_migration_entry(entry);
		page = NULL;
	} else {
		page = pmd_page(old_pmd);
		write = pmd_write(old_pmd);
	}
	if (page)
		folio_get(page_folio(page));
	pr_debug("split %lx write=%d mm=%p\n", haddr, write, mm);
}

void thp_split_pmd_locked(struct vm_area_struct *vma, pmd_t *pmd,
			  unsigned long haddr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *page;
	bool pmd_migration, write = false;
	pmd_t old_pmd;

	VM_BUG_ON(haddr & ~HPAGE_PMD_MASK);
	VM_BUG_ON(!is_pmd_migration_entry(*pmd) && !pmd_trans_huge(*pmd)
				&& !pmd_devmap(*pmd));

	pmd_migration = is_pmd_migration_entry(*pmd);
	if (unlikely(pmd_migration)) {
		swp_entry_t entry;

		/* A migration entry is not present: nothing to invalidate. */
		old_pmd = *pmd;
		entry = pmd_to_swp_entry(old_pmd);
		write = is_writable_migration_entry(entry);
		page = NULL;
	} else {
		old_pmd = pmdp_invalidate(vma, haddr, pmd); /* ok: invalidate-non-present-pmd */
		page = pmd_page(old_pmd);
		write = pmd_write(old_pmd);
	}
	if (page)
		folio_get(page_folio(page));
	pr_debug("split %lx write=%d mm=%p\n", haddr, write, mm);
}

static void thp_split_pmd_locked_nobug(struct vm_area_struct *vma, pmd_t *pmd,
				       unsigned long haddr)
{
	pmd_t old_pmd;

	if (is_pmd_migration_entry(*pmd)) {
		/* leave the migration entry to remove_migration_pmd() */
		return;
	}

	old_pmd = pmdp_invalidate(vma, haddr, pmd); /* ok: invalidate-non-present-pmd */
	set_pmd_at(vma->vm_mm, haddr, pmd, pmd_mkold(old_pmd));
}

void thp_split_pmd(struct vm_area_struct *vma, pmd_t *pmd,
		   unsigned long address)
{
	unsigned long haddr = address & HPAGE_PMD_MASK;
	spinlock_t *ptl;

	ptl = pmd_lock(vma->vm_mm, pmd);
	if (pmd_trans_huge(*pmd) || pmd_devmap(*pmd) ||
	    is_pmd_migration_entry(*pmd))
		thp_split_pmd_locked_nobug(vma, pmd, haddr); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
}
