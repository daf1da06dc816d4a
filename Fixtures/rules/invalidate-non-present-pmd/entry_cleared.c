#include <linux/mmlint_stub.h>
/*
 * invalidate-non-present-pmd: what was learned of an entry stops holding when the entry is
 * cleared (pmdp_huge_clear_flush(), pmdp_huge_get_and_clear(), pmd_clear(): it is none after)
 * or when the page-table lock may be dropped and taken again (cond_resched_lock(): another CPU
 * may zap or migrate it in between). An invalidation after either is of an entry not proven
 * present. Invalidating first and clearing after, or testing again after the relock, is fine.
 */

struct ec_range {
	struct vm_area_struct *vma;
	unsigned long start, end;
};

int ec_clear_then_invalidate(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	pmd_t old;

	if (!pmd_present(*pmd)) {
		spin_unlock(ptl);
		return 0;
	}
	old = pmdp_huge_clear_flush(vma, addr, pmd);
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd cleared above */
	spin_unlock(ptl);
	return pmd_dirty(old);
}

void ec_get_and_clear(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;

	ptl = pmd_trans_huge_lock(pmd, vma);
	if (!ptl)
		return;
	if (is_swap_pmd(*pmd))
		goto out;
	pmdp_huge_get_and_clear(vma->vm_mm, addr, pmd);
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
out:
	spin_unlock(ptl);
}

void ec_plain_clear(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (pmd_present(*pmd)) {
		pmd_clear(pmd);
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	}
	spin_unlock(ptl);
}

int ec_resched(struct ec_range *r, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(r->vma->vm_mm, pmd);

	if (!pmd_present(*pmd)) {
		spin_unlock(ptl);
		return 0;
	}
	cond_resched_lock(ptl);
	pmdp_invalidate(r->vma, addr, pmd); /* expect: invalidate-non-present-pmd the lock was dropped */
	spin_unlock(ptl);
	return 1;
}

int ec_resched_retest(struct ec_range *r, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(r->vma->vm_mm, pmd);

	cond_resched_lock(ptl);
	if (!pmd_present(*pmd)) {
		spin_unlock(ptl);
		return 0;
	}
	pmdp_invalidate(r->vma, addr, pmd); /* ok: invalidate-non-present-pmd tested after the relock */
	spin_unlock(ptl);
	return 1;
}

int ec_invalidate_then_clear(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	pmd_t old;

	if (!pmd_present(*pmd)) {
		spin_unlock(ptl);
		return 0;
	}
	old = pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	pmdp_huge_clear_flush(vma, addr, pmd);
	spin_unlock(ptl);
	return pmd_young(old);
}
