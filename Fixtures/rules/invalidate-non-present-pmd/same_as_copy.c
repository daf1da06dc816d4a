#include <linux/mmlint_stub.h>
/*
 * A copy of the entry tested before the lock, and under the lock the entry compared equal to
 * the copy with pmd_same() (mm/huge_memory.c do_huge_pmd_numa_page(), do_huge_pmd_wp_page(),
 * 4.x-6.x): the entry holds the value the copy was tested to have, so it is present. Without
 * the comparison, or on its unequal side, or against a copy never tested present, the test of
 * the copy proves nothing of the entry under the lock.
 */

pmd_t pmdp_get_lockless(pmd_t *pmdp);
int pmd_protnone(pmd_t pmd);
int pud_same(pud_t pud_a, pud_t pud_b);
int pud_trans_huge(pud_t pud);
pud_t pudp_huge_get_and_clear(struct mm_struct *mm, unsigned long addr, pud_t *pudp);
void sa_use(pud_t pud);

void sa_numa_bail(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd)
{
	pmd_t orig_pmd = pmdp_get_lockless(pmd);
	spinlock_t *ptl;

	if (!pmd_trans_huge(orig_pmd) || !pmd_protnone(orig_pmd))
		return;
	ptl = pmd_lock(vma->vm_mm, pmd);
	if (unlikely(!pmd_same(orig_pmd, *pmd))) {
		spin_unlock(ptl);
		return;
	}
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd the entry equals a copy tested huge */
	spin_unlock(ptl);
}

void sa_reversed_block(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd)
{
	pmd_t orig;
	spinlock_t *ptl;

	orig = *pmd;
	if (!pmd_present(orig))
		return;
	ptl = pmd_lockptr(vma->vm_mm, pmd);
	spin_lock(ptl);
	if (pmd_same(*pmd, orig))
		pmdp_invalidate_ad(vma, addr, pmd); /* ok: invalidate-non-present-pmd the entry equals a copy tested present */
	spin_unlock(ptl);
}

int sa_goto_accessor(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd)
{
	pmd_t val = READ_ONCE(*pmd);
	spinlock_t *ptl;
	int ret = 0;

	if (!pmd_trans_huge(val))
		return -EAGAIN;
	ptl = pmd_lock(vma->vm_mm, pmd);
	if (!pmd_same(val, pmdp_get(pmd)))
		goto out;
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd compared through the accessor */
	ret = 1;
out:
	spin_unlock(ptl);
	return ret;
}

void sa_unequal_side(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd)
{
	pmd_t orig_pmd = pmdp_get_lockless(pmd);
	spinlock_t *ptl;

	if (!pmd_present(orig_pmd))
		return;
	ptl = pmd_lock(vma->vm_mm, pmd);
	if (pmd_same(orig_pmd, *pmd))
		goto out;
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd the entry changed since the copy was tested */
out:
	spin_unlock(ptl);
}

void sa_copy_not_tested(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd, pmd_t orig_pmd)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (!pmd_same(orig_pmd, *pmd)) {
		spin_unlock(ptl);
		return;
	}
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd equal to a copy nobody tested */
	spin_unlock(ptl);
}

void sa_tested_after_unlock(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd)
{
	pmd_t orig_pmd;
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	orig_pmd = *pmd;
	spin_unlock(ptl);
	if (!pmd_present(orig_pmd))
		return;
	/* re-taken: the copy was tested with no lock, yet compared equal under this one */
	ptl = pmd_lock(vma->vm_mm, pmd);
	if (!pmd_same(orig_pmd, *pmd))
		goto out;
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd equal under the lock to a value tested present */
out:
	spin_unlock(ptl);
}

void sa_stale_no_compare(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd)
{
	pmd_t orig_pmd = pmdp_get_lockless(pmd);
	spinlock_t *ptl;

	if (!pmd_present(orig_pmd))
		return;
	ptl = pmd_lock(vma->vm_mm, pmd);
	if (pmd_present(orig_pmd))
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd the copy tested again and not the entry */
	spin_unlock(ptl);
}
