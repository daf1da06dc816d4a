#include <linux/mmlint_stub.h>
/*
 * A helper that takes the page-table lock and returns it (`return pmd_lock(vma->vm_mm, pmd);`,
 * or through a local): its caller takes the lock there, so a presence test made before the
 * call is of the entry before the lock (stale, as before a direct pmd_lock()), and a test
 * after it is under the lock.
 */

pmd_t *lr_pmd_off(struct mm_struct *mm, unsigned long va);

static spinlock_t *lr_lock(struct vm_area_struct *vma, pmd_t *pmd)
{
	return pmd_lock(vma->vm_mm, pmd);
}

static spinlock_t *lr_lock_local(struct mm_struct *mm, pmd_t *pmd)
{
	spinlock_t *ptl = pmd_lock(mm, pmd);

	return ptl;
}

void lr_tested_before(struct vm_area_struct *vma, unsigned long addr)
{
	pmd_t *pmd = lr_pmd_off(vma->vm_mm, addr);
	spinlock_t *ptl;

	if (!pmd_present(*pmd))
		return;
	ptl = lr_lock(vma, pmd);
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd tested before the helper took the lock */
	spin_unlock(ptl);
}

void lr_tested_before_local(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;

	if (!pmd_trans_huge(*pmd))
		return;
	ptl = lr_lock_local(vma->vm_mm, pmd);
	pmdp_invalidate_ad(vma, addr, pmd); /* expect: invalidate-non-present-pmd tested before the helper took the lock */
	spin_unlock(ptl);
}

void lr_tested_after(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = lr_lock(vma, pmd);

	if (pmd_present(*pmd) && pmd_trans_huge(*pmd))
		pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd tested under the helper lock */
	spin_unlock(ptl);
}
