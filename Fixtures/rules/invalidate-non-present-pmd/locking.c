#include <linux/mmlint_stub.h>
/*
 * invalidate-non-present-pmd: presence is a fact about an entry under its
 * page-table lock.
 *
 * Proofs (quiet):
 *   - pmd_lock() then `if (!pmd_present(*pmd)) goto unlock;`
 *   - a copy `orig = *pmd;` tested with pmd_present() under the lock
 *   - __pmd_trans_huge_lock()/pmd_trans_huge_lock() non-NULL, swap pmds
 *     rejected with is_swap_pmd() (pmdp_invalidate_ad, raw pmd_mkinvalid)
 *   - pmd_trans_huge(*pmd) || pmd_devmap(*pmd) true under the lock
 *   - a re-test after the lock is re-taken
 * Not proofs (errors):
 *   - a test made before pmd_lock()
 *   - a test made after spin_unlock(ptl), then the lock re-taken
 *   - VM_WARN_ON_ONCE(!pmd_present(*pmd)) on its own: a requirement, and it
 *     compiles away without CONFIG_DEBUG_VM
 */

int thp_wrprotect_pmd(struct vm_area_struct *vma, pmd_t *pmd,
		      unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;
	pmd_t entry;
	int ret = 0;

	ptl = pmd_lock(mm, pmd);
	if (!pmd_present(*pmd))
		goto unlock;

	entry = pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	entry = pmd_wrprotect(entry);
	set_pmd_at(mm, addr, pmd, entry);
	ret = 1;
unlock:
	spin_unlock(ptl);
	return ret;
}

int thp_clean_pmd_copy(struct vm_area_struct *vma, pmd_t *pmd,
		       unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;
	pmd_t orig, entry;
	int ret = 0;

	ptl = pmd_lock(mm, pmd);
	orig = *pmd;
	if (!pmd_present(orig) || !pmd_dirty(orig))
		goto unlock;

	entry = pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	set_pmd_at(mm, addr, pmd, pmd_mkclean(entry));
	ret = 1;
unlock:
	spin_unlock(ptl);
	return ret;
}

/* change_huge_pmd() style: swap pmds are handled in place, never invalidated. */
int thp_change_prot(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;
	pmd_t oldpmd, entry;

	ptl = __pmd_trans_huge_lock(pmd, vma);
	if (!ptl)
		return 0;

	if (is_swap_pmd(*pmd)) {
		swp_entry_t swp = pmd_to_swp_entry(*pmd);

		if (is_writable_migration_entry(swp)) {
			swp = make_readable_migration_entry(swp.val);
			set_pmd_at(mm, addr, pmd, swp_entry_to_pmd(swp));
		}
		goto unlock;
	}

	oldpmd = pmdp_invalidate_ad(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	entry = pmd_wrprotect(oldpmd);
	set_pmd_at(mm, addr, pmd, entry);
unlock:
	spin_unlock(ptl);
	return 1;
}

int thp_mkold_huge_or_devmap(struct vm_area_struct *vma, pmd_t *pmd,
			     unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;
	pmd_t old;
	int ret = 0;

	ptl = pmd_lock(mm, pmd);
	if (pmd_trans_huge(*pmd) || pmd_devmap(*pmd)) {
		old = pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
		set_pmd_at(mm, addr, pmd, pmd_mkold(old));
		ret = 1;
	}
	spin_unlock(ptl);
	return ret;
}

/* The raw helper, under the same proof. */
int thp_invalidate_raw(struct vm_area_struct *vma, pmd_t *pmd,
		       unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;
	pmd_t entry;

	ptl = pmd_trans_huge_lock(pmd, vma);
	if (!ptl)
		return 0;
	if (is_swap_pmd(*pmd))
		goto unlock;

	entry = pmd_mkinvalid(*pmd); /* ok: invalidate-non-present-pmd */
	set_pmd_at(mm, addr, pmd, entry);
	flush_tlb_range(vma, addr, addr + HPAGE_PMD_SIZE);
unlock:
	spin_unlock(ptl);
	return 1;
}

/* ---- tests that prove nothing ----------------------------------------- */

/* Tested before the lock: the entry can become a migration entry meanwhile. */
int thp_mkold_test_before_lock(struct vm_area_struct *vma, pmd_t *pmd,
			       unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;
	pmd_t entry;

	if (!pmd_present(*pmd) || !pmd_young(*pmd))
		return 0;

	ptl = pmd_lock(mm, pmd);
	entry = pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	set_pmd_at(mm, addr, pmd, pmd_mkold(entry));
	spin_unlock(ptl);
	return 1;
}

/* The lock is dropped to allocate; the re-check is made without it. */
int thp_remap_retest_unlocked(struct vm_area_struct *vma, pmd_t *pmd,
			      unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	pgtable_t pgtable;
	spinlock_t *ptl;
	pmd_t old;

	ptl = pmd_lock(mm, pmd);
	if (!pmd_present(*pmd)) {
		spin_unlock(ptl);
		return 0;
	}
	spin_unlock(ptl);

	pgtable = pte_alloc_one(mm);
	if (!pgtable)
		return -ENOMEM;
	if (!pmd_present(*pmd)) {
		pte_free(mm, pgtable);
		return -EAGAIN;
	}

	spin_lock(ptl);
	old = pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	set_pmd_at(mm, addr, pmd, pmd_wrprotect(old));
	spin_unlock(ptl);
	pte_free(mm, pgtable);
	return 1;
}

/* The fix: re-test once the lock is held again. */
int thp_remap_retest_locked(struct vm_area_struct *vma, pmd_t *pmd,
			    unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	pgtable_t pgtable;
	spinlock_t *ptl;
	pmd_t old;
	int ret = 0;

	pgtable = pte_alloc_one(mm);
	if (!pgtable)
		return -ENOMEM;

	ptl = pmd_lock(mm, pmd);
	if (!pmd_present(*pmd))
		goto unlock;

	old = pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	set_pmd_at(mm, addr, pmd, pmd_wrprotect(old));
	ret = 1;
unlock:
	spin_unlock(ptl);
	pte_free(mm, pgtable);
	return ret;
}

/* A run-time warning states the requirement; it does not establish it. */
int thp_mkclean_warn_only(struct vm_area_struct *vma, pmd_t *pmd,
			  unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;
	pmd_t old;

	ptl = pmd_lock(mm, pmd);
	VM_WARN_ON_ONCE(!pmd_present(*pmd));
	old = pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	set_pmd_at(mm, addr, pmd, pmd_mkclean(old));
	spin_unlock(ptl);
	return 1;
}
