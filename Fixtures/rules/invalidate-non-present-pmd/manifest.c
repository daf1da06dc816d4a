#include <linux/mmlint_stub.h>
/*
 * The function proves the entry may be non-present: it invalidates, then tests the entry (the
 * returned value or the pmd itself) for presence or migration. No caller is visible, and none
 * is needed: the function's own later test is the evidence (a manifest error), unlike a bare
 * requirement on a parameter, which goes to the callers (latent).
 */

/* the seed's order, the result stored in a bool of any name */
void mf_split_stored(struct vm_area_struct *vma, pmd_t *pmd, unsigned long haddr)
{
	pmd_t old;
	bool gone;

	old = pmdp_invalidate(vma, haddr, pmd); /* expect: invalidate-non-present-pmd */
	gone = is_pmd_migration_entry(old);
	if (gone)
		return;
	set_pmd_at(vma->vm_mm, haddr, pmd, old);
}

/* the value declared with the invalidation, tested for presence */
void mf_split_present(struct vm_area_struct *vma, pmd_t *pmdp, unsigned long addr)
{
	pmd_t entry = pmdp_invalidate_ad(vma, addr, pmdp); /* expect: invalidate-non-present-pmd */

	if (!pmd_present(entry))
		return;
	set_pmd_at(vma->vm_mm, addr, pmdp, entry);
}

/* the test through a helper of this file, on the pmd itself */
static bool mf_is_moving(pmd_t v)
{
	return is_pmd_migration_entry(v);
}

void mf_split_helper(struct vm_area_struct *vma, pmd_t *pmd, unsigned long haddr)
{
	pmd_t old = pmdp_invalidate(vma, haddr, pmd); /* expect: invalidate-non-present-pmd */

	if (mf_is_moving(*pmd))
		return;
	set_pmd_at(vma->vm_mm, haddr, pmd, old);
}

/* fixed: decided before invalidating, on the non-migration side only */
void mf_split_fixed(struct vm_area_struct *vma, pmd_t *pmd, unsigned long haddr)
{
	pmd_t old;

	if (is_pmd_migration_entry(*pmd))
		return;
	old = pmdp_invalidate(vma, haddr, pmd); /* ok: invalidate-non-present-pmd */
	set_pmd_at(vma->vm_mm, haddr, pmd, old);
}

/* no later test: a latent requirement on the parameter, for the callers (none here) */
void mf_mkclean(struct vm_area_struct *vma, pmd_t *pmd, unsigned long haddr)
{
	pmd_t old = pmdp_invalidate(vma, haddr, pmd); /* ok: invalidate-non-present-pmd */

	set_pmd_at(vma->vm_mm, haddr, pmd, pmd_mkclean(old));
}
