#include <linux/mmlint_stub.h>
/*
 * The migration test stored in a local before the assertion that the entry is huge or a
 * migration entry (the 6.x __split_huge_pmd_locked() shape with the test hoisted): the
 * stored test's false side proves the entry present once the assertion has run, as the test
 * spelled in the branch does. Without the assertion, or with the value stored before the
 * page-table lock, its false side proves nothing.
 */

pmd_t *mm_find_pmd(struct mm_struct *mm, unsigned long address);

void sm_bool_before_assert(struct vm_area_struct *vma, pmd_t *pmd, unsigned long haddr)
{
	bool pmd_migration = is_pmd_migration_entry(*pmd);
	pmd_t old_pmd;

	VM_BUG_ON(!pmd_migration && !pmd_trans_huge(*pmd));
	if (!pmd_migration)
		old_pmd = pmdp_invalidate(vma, haddr, pmd); /* ok: invalidate-non-present-pmd stored test false after the assertion */
	else
		old_pmd = *pmd;
	(void)old_pmd;
}

void sm_int_else_side(struct vm_area_struct *vma, pmd_t *pmd, unsigned long haddr)
{
	int mig;
	pmd_t old_pmd;

	mig = is_pmd_migration_entry(*pmd);
	VM_BUG_ON(!is_pmd_migration_entry(*pmd) && !pmd_trans_huge(*pmd) && !pmd_devmap(*pmd));
	if (unlikely(mig)) {
		old_pmd = *pmd;
	} else {
		old_pmd = pmdp_invalidate(vma, haddr, pmd); /* ok: invalidate-non-present-pmd else side of the stored test */
	}
	(void)old_pmd;
}

void sm_no_assert(struct vm_area_struct *vma, unsigned long haddr)
{
	pmd_t *pmd = mm_find_pmd(vma->vm_mm, haddr);
	spinlock_t *ptl;
	bool pmd_migration;

	if (!pmd)
		return;
	ptl = pmd_lock(vma->vm_mm, pmd);
	pmd_migration = is_pmd_migration_entry(*pmd);
	if (!pmd_migration)
		pmdp_invalidate(vma, haddr, pmd); /* expect: invalidate-non-present-pmd not a migration entry yet maybe none or swap */
	spin_unlock(ptl);
}

void sm_stored_before_lock(struct vm_area_struct *vma, pmd_t *pmd, unsigned long haddr)
{
	bool pmd_migration = is_pmd_migration_entry(*pmd);
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	VM_BUG_ON(!is_pmd_migration_entry(*pmd) && !pmd_trans_huge(*pmd));
	if (!pmd_migration)
		pmdp_invalidate(vma, haddr, pmd); /* expect: invalidate-non-present-pmd the stored test is of the entry before the lock */
	spin_unlock(ptl);
}

void sm_locked_here(struct vm_area_struct *vma, unsigned long haddr)
{
	pmd_t *pmd = mm_find_pmd(vma->vm_mm, haddr);
	spinlock_t *ptl;
	bool mig;

	if (!pmd)
		return;
	ptl = pmd_lock(vma->vm_mm, pmd);
	mig = is_pmd_migration_entry(*pmd);
	if (!mig && !pmd_trans_huge(*pmd))
		goto out;
	if (!mig)
		pmdp_invalidate(vma, haddr, pmd); /* ok: invalidate-non-present-pmd huge or migration tested then the stored test */
out:
	spin_unlock(ptl);
}
