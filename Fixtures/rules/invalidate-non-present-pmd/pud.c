#include <linux/mmlint_stub.h>
/*
 * invalidate-non-present-pmd: the PUD variant (pudp_invalidate).
 *
 * Same contract one level up: the pud must be proven present under
 * pud_lock(); pud_trans_huge()/pud_devmap() true is the proof used by
 * change_huge_pud(). Invalidating with neither lock nor test is an error.
 */

int thp_wrprotect_pud(struct vm_area_struct *vma, pud_t *pudp,
		      unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;
	pud_t old;
	int ret = 0;

	ptl = pud_lock(mm, pudp);
	if (!pud_trans_huge(*pudp) && !pud_devmap(*pudp))
		goto unlock;

	old = pudp_invalidate(vma, addr & HPAGE_PUD_MASK, pudp); /* ok: invalidate-non-present-pmd */
	set_pud_at(mm, addr, pudp, pud_wrprotect(old));
	ret = 1;
unlock:
	spin_unlock(ptl);
	return ret;
}

/*
 * No proof here, but the requirement is the caller's: an exported function with no
 * visible caller has an unknown origin for its entry and is not reported.
 */
int thp_wrprotect_pud_unchecked(struct vm_area_struct *vma, pud_t *pudp,
				unsigned long addr)
{
	pud_t old;

	old = pudp_invalidate(vma, addr & HPAGE_PUD_MASK, pudp); /* ok: invalidate-non-present-pmd */
	set_pud_at(vma->vm_mm, addr, pudp, pud_wrprotect(old));
	return 1;
}

static void thp_pud_mkold_locked(struct vm_area_struct *vma, pud_t *pudp,
				 unsigned long addr)
{
	pud_t old;

	old = pudp_invalidate(vma, addr & HPAGE_PUD_MASK, pudp); /* ok: invalidate-non-present-pmd */
	set_pud_at(vma->vm_mm, addr, pudp, pud_mkold(old));
}

/* The caller takes the lock but never tests the entry: reported at the call. */
void thp_pud_mkold(struct vm_area_struct *vma, pud_t *pudp, unsigned long addr)
{
	spinlock_t *ptl = pud_lock(vma->vm_mm, pudp);

	thp_pud_mkold_locked(vma, pudp, addr); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
}

/* The huge-pud lock, declared only (its body in mm/huge_memory.c): success means a
 * trans-huge or devmap pud under the lock — there is no swap pud. */
spinlock_t *__pud_trans_huge_lock(pud_t *pud, struct vm_area_struct *vma);
pud_t *pud_lookup(struct mm_struct *mm, unsigned long addr);

int pud_change_huge(struct vm_area_struct *vma, unsigned long addr)
{
	pud_t *pudp = pud_lookup(vma->vm_mm, addr);
	spinlock_t *ptl = __pud_trans_huge_lock(pudp, vma);

	if (!ptl)
		return 0;
	pudp_invalidate(vma, addr, pudp); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 1;
}

int pud_change_tested_before(struct vm_area_struct *vma, unsigned long addr)
{
	pud_t *pudp = pud_lookup(vma->vm_mm, addr);
	spinlock_t *ptl;

	if (!pud_trans_huge(*pudp))
		return 0;
	ptl = pud_lock(vma->vm_mm, pudp);
	pudp_invalidate(vma, addr, pudp); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 1;
}
