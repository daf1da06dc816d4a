#include <linux/mmlint_stub.h>
/*
 * Taking a second page-table lock while the first is held (move_huge_pmd's destination ptl:
 * `if (new_ptl != old_ptl) spin_lock_nested(new_ptl, SINGLE_DEPTH_NESTING);`) forgets nothing:
 * what was tested was tested under the first lock, which still holds. Spelled with
 * spin_lock_nested() and spin_lock(). Taking a lock still makes a test from before it stale,
 * whichever spelling takes it: spin_trylock() (pt_reclaim's try_get_and_clear_pmd() shape) and
 * spin_lock_irq() are reported like pmd_lock().
 */

int spin_trylock(spinlock_t *lock);
void spin_lock_nested(spinlock_t *lock, int subclass);

#define SL_SINGLE_DEPTH	1

/* 1. the destination's lock nested under the source's */
bool sl_move_nested(struct vm_area_struct *vma, unsigned long addr, pmd_t *old_pmd, pmd_t *new_pmd)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *old_ptl, *new_ptl;
	pmd_t pmd;

	old_ptl = pmd_lock(mm, old_pmd);
	if (!pmd_trans_huge(*old_pmd)) {
		spin_unlock(old_ptl);
		return false;
	}
	new_ptl = pmd_lockptr(mm, new_pmd);
	if (new_ptl != old_ptl)
		spin_lock_nested(new_ptl, SL_SINGLE_DEPTH);
	pmd = pmdp_invalidate(vma, addr, old_pmd); /* ok: invalidate-non-present-pmd the source lock is still held */
	set_pmd_at(mm, addr, new_pmd, pmd);
	if (new_ptl != old_ptl)
		spin_unlock(new_ptl);
	spin_unlock(old_ptl);
	return true;
}

/* 2. the same with spin_lock() */
bool sl_move_plain(struct vm_area_struct *vma, unsigned long addr, pmd_t *old_pmd, pmd_t *new_pmd)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *old_ptl, *new_ptl;
	pmd_t pmd;

	old_ptl = pmd_lock(mm, old_pmd);
	if (!pmd_present(*old_pmd)) {
		spin_unlock(old_ptl);
		return false;
	}
	new_ptl = pmd_lockptr(mm, new_pmd);
	if (new_ptl != old_ptl)
		spin_lock(new_ptl);
	pmd = pmdp_invalidate(vma, addr, old_pmd); /* ok: invalidate-non-present-pmd tested under the first lock */
	set_pmd_at(mm, addr, new_pmd, pmd);
	if (new_ptl != old_ptl)
		spin_unlock(new_ptl);
	spin_unlock(old_ptl);
	return true;
}

/* 3. tested, then the lock taken with a trylock */
bool sl_age_trylock(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd)
{
	spinlock_t *pml = pmd_lockptr(vma->vm_mm, pmd);
	pmd_t old;

	if (!pmd_trans_huge(*pmd))
		return false;
	if (!spin_trylock(pml))
		return false;
	old = pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd tested before the trylock */
	set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkold(old));
	spin_unlock(pml);
	return true;
}

/* 4. tested, then the lock taken with spin_lock_irq() */
bool sl_age_irq(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd)
{
	spinlock_t *pml = pmd_lockptr(vma->vm_mm, pmd);
	pmd_t old;

	if (!pmd_present(*pmd))
		return false;
	spin_lock_irq(pml);
	old = pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd tested before spin lock irq */
	set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkold(old));
	spin_unlock_irq(pml);
	return true;
}

/* 5. the trylock's fixed form: tested under it */
bool sl_age_trylock_fixed(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd)
{
	spinlock_t *pml = pmd_lockptr(vma->vm_mm, pmd);
	pmd_t old;

	if (!spin_trylock(pml))
		return false;
	if (!pmd_trans_huge(*pmd)) {
		spin_unlock(pml);
		return false;
	}
	old = pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd tested under the trylock */
	set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkold(old));
	spin_unlock(pml);
	return true;
}
