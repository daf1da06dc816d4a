#include <linux/mmlint_stub.h>
/*
 * A helper whose test proves the entry present only together with what its caller knows:
 * !is_swap_pmd() is presence where __pmd_trans_huge_lock() succeeded (present or swap), and
 * !is_pmd_migration_entry() is presence where the entry is asserted huge or migration. The
 * helper's summary carries the condition (`if:`), and the caller that holds the fact gets the
 * proof; a caller holding only pmd_lock() does not, nor does the helper's other side.
 */

pmd_t *mm_find_pmd(struct mm_struct *mm, unsigned long address);

static bool hn_not_swap(pmd_t *pmd)
{
	return !is_swap_pmd(*pmd);
}

static int hn_swap_errno(pmd_t *pmd)
{
	if (is_swap_pmd(*pmd))
		return -EAGAIN;
	return 0;
}

static inline bool hn_not_migration(pmd_t *pmd)
{
	return !is_pmd_migration_entry(*pmd);
}

void hn_huge_lock_bool(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd)
{
	spinlock_t *ptl = __pmd_trans_huge_lock(pmd, vma);

	if (!ptl)
		return;
	if (!hn_not_swap(pmd))
		goto unlock;
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd huge lock then not swap */
unlock:
	spin_unlock(ptl);
}

void hn_huge_lock_errno(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd)
{
	spinlock_t *ptl = __pmd_trans_huge_lock(pmd, vma);

	if (!ptl)
		return;
	if (hn_swap_errno(pmd))
		goto unlock;
	pmdp_invalidate_ad(vma, addr, pmd); /* ok: invalidate-non-present-pmd the helper returns 0 only for a non-swap entry */
unlock:
	spin_unlock(ptl);
}

void hn_asserted(struct vm_area_struct *vma, unsigned long addr)
{
	pmd_t *pmd = mm_find_pmd(vma->vm_mm, addr);
	spinlock_t *ptl;

	if (!pmd)
		return;
	ptl = pmd_lock(vma->vm_mm, pmd);
	VM_BUG_ON(!is_pmd_migration_entry(*pmd) && !pmd_trans_huge(*pmd));
	if (hn_not_migration(pmd))
		pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd asserted huge or migration then not migration */
	spin_unlock(ptl);
}

void hn_plain_lock(struct vm_area_struct *vma, unsigned long addr)
{
	pmd_t *pmd = mm_find_pmd(vma->vm_mm, addr);
	spinlock_t *ptl;

	if (!pmd)
		return;
	ptl = pmd_lock(vma->vm_mm, pmd);
	if (!hn_not_swap(pmd))
		goto unlock;
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd not swap yet maybe none */
unlock:
	spin_unlock(ptl);
}

void hn_other_side(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd)
{
	spinlock_t *ptl = __pmd_trans_huge_lock(pmd, vma);

	if (!ptl)
		return;
	if (hn_not_swap(pmd))
		goto unlock;
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd the swap side */
unlock:
	spin_unlock(ptl);
}

void hn_not_asserted(struct vm_area_struct *vma, unsigned long addr)
{
	pmd_t *pmd = mm_find_pmd(vma->vm_mm, addr);
	spinlock_t *ptl;

	if (!pmd)
		return;
	ptl = pmd_lock(vma->vm_mm, pmd);
	if (hn_not_migration(pmd))
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd not migration yet maybe none */
	spin_unlock(ptl);
}
