#include <linux/mmlint_stub.h>
/*
 * invalidate-non-present-pmd: a helper that drops the caller's page-table lock and takes it
 * again (to sleep on a folio lock: madvise_free_huge_pmd()'s shape before it bailed out on a
 * contended folio) lets the pmd change in between; a presence test made before the call
 * proves nothing after it, as an unlock and lock written inline do. Fixed: pmd_same()
 * against the tested copy after the helper returns. A helper that drops and retakes another
 * object's embedded lock forgets nothing.
 */

struct folio *pmd_folio(pmd_t pmd);
bool folio_trylock(struct folio *folio);
void folio_lock(struct folio *folio);
void folio_unlock(struct folio *folio);

struct rl_dev {
	spinlock_t lock;
	int waiters;
};

static void rl_wait_folio(spinlock_t *ptl, struct folio *folio)
{
	folio_get(folio);
	spin_unlock(ptl);
	folio_lock(folio);
	spin_lock(ptl);
	folio_put(folio);
}

static void rl_dev_kick(struct rl_dev *d)
{
	spin_unlock(&d->lock);
	d->waiters++;
	spin_lock(&d->lock);
}

bool rl_clean_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	struct folio *folio;
	spinlock_t *ptl;
	pmd_t orig_pmd;

	ptl = pmd_trans_huge_lock(pmd, vma);
	if (!ptl)
		return false;
	orig_pmd = *pmd;
	if (unlikely(!pmd_present(orig_pmd)))
		goto out;
	folio = pmd_folio(orig_pmd);
	if (!folio_trylock(folio))
		rl_wait_folio(ptl, folio);
	if (pmd_dirty(orig_pmd)) {
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd the helper dropped the lock */
		set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkclean(orig_pmd));
	}
	folio_unlock(folio);
out:
	spin_unlock(ptl);
	return true;
}

bool rl_clean_pmd_same(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	struct folio *folio;
	spinlock_t *ptl;
	pmd_t orig_pmd;

	ptl = pmd_trans_huge_lock(pmd, vma);
	if (!ptl)
		return false;
	orig_pmd = *pmd;
	if (unlikely(!pmd_present(orig_pmd)))
		goto out;
	folio = pmd_folio(orig_pmd);
	if (!folio_trylock(folio)) {
		rl_wait_folio(ptl, folio);
		if (unlikely(!pmd_same(orig_pmd, *pmd))) {
			folio_unlock(folio);
			goto out;
		}
	}
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd the entry equals the copy tested present */
	set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkclean(orig_pmd));
	folio_unlock(folio);
out:
	spin_unlock(ptl);
	return true;
}

bool rl_clean_pmd_dev(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr, struct rl_dev *d)
{
	spinlock_t *ptl;

	ptl = pmd_trans_huge_lock(pmd, vma);
	if (!ptl)
		return false;
	if (!pmd_present(*pmd))
		goto out;
	spin_lock(&d->lock);
	rl_dev_kick(d);
	spin_unlock(&d->lock);
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd the helper cycles a device lock only */
out:
	spin_unlock(ptl);
	return true;
}
