#include <linux/mmlint_stub.h>
/*
 * invalidate-non-present-pmd: an entry that is neither a swap entry nor none is present,
 * whichever of the two tests comes first (`if (is_swap_pmd(*pmd) || pmd_none(*pmd)) goto
 * unlock;`, an else-if chain). One of them alone does not prove it, and a test made before the
 * page-table lock proves nothing under it.
 */

int sn_chain(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	pmd_t old;
	int ret = 0;

	if (is_swap_pmd(*pmd)) {
		ret = -EAGAIN;
	} else if (pmd_none(*pmd)) {
		ret = -ENOENT;
	} else {
		old = pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd neither swap nor none */
		ret = pmd_dirty(old);
	}
	spin_unlock(ptl);
	return ret;
}

void sn_either(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (is_swap_pmd(*pmd) || pmd_none(*pmd))
		goto unlock;
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
unlock:
	spin_unlock(ptl);
}

void sn_swap_only(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (is_swap_pmd(*pmd))
		goto unlock;
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd may be none */
unlock:
	spin_unlock(ptl);
}

void sn_swap_before_lock(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;

	if (is_swap_pmd(*pmd))
		return;
	ptl = pmd_lock(vma->vm_mm, pmd);
	if (pmd_none(*pmd))
		goto unlock;
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd swap tested before the lock */
unlock:
	spin_unlock(ptl);
}
