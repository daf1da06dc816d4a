#include <linux/mmlint_stub.h>
/*
 * A helper that drops the caller's page-table lock on one of its returns only
 * (madvise_cold_or_pageout_pte_range()'s partial-range branch pulled into a helper: it unlocks,
 * splits and returns true; otherwise it returns false with the lock untouched). Past
 * `if (helper(ptl, …)) return 0;` the lock was never dropped: the presence tested under it
 * still holds. Spelled returning true and returning false after the unlock, and with the
 * result stored first. Where the caller ignores the result, or goes on on the side that
 * unlocked, the test before the call proves nothing.
 */

struct folio *pmd_folio(pmd_t pmd);
void folio_lock(struct folio *folio);
void folio_unlock(struct folio *folio);
int split_folio(struct folio *folio);

static bool ur_split_partial(spinlock_t *ptl, struct folio *folio, unsigned long addr, unsigned long next)
{
	if (next - addr == HPAGE_PMD_SIZE)
		return false;
	folio_get(folio);
	spin_unlock(ptl);
	folio_lock(folio);
	split_folio(folio);
	folio_unlock(folio);
	folio_put(folio);
	return true;
}

/* returns 0 where it dropped the lock */
static int ur_keep_whole(spinlock_t *ptl, struct folio *folio, unsigned long addr, unsigned long next)
{
	if (next - addr == HPAGE_PMD_SIZE)
		return 1;
	folio_get(folio);
	spin_unlock(ptl);
	split_folio(folio);
	folio_put(folio);
	return 0;
}

int ur_cold(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr, unsigned long next)
{
	spinlock_t *ptl;
	pmd_t orig;

	ptl = pmd_trans_huge_lock(pmd, vma);
	if (!ptl)
		return 0;
	orig = *pmd;
	if (!pmd_present(orig))
		goto unlock;
	if (ur_split_partial(ptl, pmd_folio(orig), addr, next))
		return 0;
	if (pmd_young(orig)) {
		pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd the helper kept the lock on this side */
		set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkold(orig));
	}
unlock:
	spin_unlock(ptl);
	return 0;
}

int ur_cold_false_side(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr, unsigned long next)
{
	spinlock_t *ptl;
	pmd_t orig;

	ptl = pmd_trans_huge_lock(pmd, vma);
	if (!ptl)
		return 0;
	orig = *pmd;
	if (!pmd_present(orig))
		goto unlock;
	if (!ur_keep_whole(ptl, pmd_folio(orig), addr, next))
		return 0;
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkold(orig));
unlock:
	spin_unlock(ptl);
	return 0;
}

int ur_cold_stored(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr, unsigned long next)
{
	spinlock_t *ptl;
	bool dropped;
	pmd_t orig;

	ptl = pmd_trans_huge_lock(pmd, vma);
	if (!ptl)
		return 0;
	orig = *pmd;
	if (!pmd_present(orig))
		goto unlock;
	dropped = ur_split_partial(ptl, pmd_folio(orig), addr, next);
	if (dropped)
		return 0;
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkold(orig));
unlock:
	spin_unlock(ptl);
	return 0;
}

int ur_cold_ignored(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr, unsigned long next)
{
	spinlock_t *ptl;
	pmd_t orig;

	ptl = pmd_trans_huge_lock(pmd, vma);
	if (!ptl)
		return 0;
	orig = *pmd;
	if (!pmd_present(orig))
		goto unlock;
	ur_split_partial(ptl, pmd_folio(orig), addr, next);
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd the lock may have been dropped */
	set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkold(orig));
unlock:
	spin_unlock(ptl);
	return 0;
}

int ur_cold_wrong_side(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr, unsigned long next)
{
	spinlock_t *ptl;
	pmd_t orig;

	ptl = pmd_trans_huge_lock(pmd, vma);
	if (!ptl)
		return 0;
	orig = *pmd;
	if (!pmd_present(orig))
		goto unlock;
	if (!ur_split_partial(ptl, pmd_folio(orig), addr, next))
		goto unlock;
	spin_lock(ptl);
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd relocked after the helper dropped it */
	set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkold(orig));
unlock:
	spin_unlock(ptl);
	return 0;
}
