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
