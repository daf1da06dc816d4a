#include <linux/mmlint_stub.h>
/*
 * Presence proven by a predicate helper that returns a short-circuit test
 * (`return pmd_present(*pmd) && pmd_trans_huge(*pmd);`): the caller's branch
 * on its result learns what the helper tested. A helper that tests only
 * pmd_none() proves nothing.
 */

pmd_t *ph_walk(struct mm_struct *mm, unsigned long addr);

static bool ph_huge_ok(pmd_t *pmd)
{
	return pmd_present(*pmd) && pmd_trans_huge(*pmd);
}

static bool ph_not_huge(pmd_t *pmd)
{
	return !(pmd_present(*pmd) && pmd_trans_huge(*pmd));
}

static bool ph_populated(pmd_t *pmd)
{
	return !pmd_none(*pmd) && pmd != NULL;
}

int ph_and(struct vm_area_struct *vma, unsigned long addr)
{
	pmd_t *pmd = ph_walk(vma->vm_mm, addr);
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (ph_huge_ok(pmd))
		pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

int ph_not(struct vm_area_struct *vma, unsigned long addr)
{
	pmd_t *pmd = ph_walk(vma->vm_mm, addr);
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (ph_not_huge(pmd)) {
		spin_unlock(ptl);
		return -EINVAL;
	}
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

int ph_none_only(struct vm_area_struct *vma, unsigned long addr)
{
	pmd_t *pmd = ph_walk(vma->vm_mm, addr);
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (ph_populated(pmd))
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}
