#include <linux/mmlint_stub.h>
/*
 * Under pmd_lock(), an entry that is neither none nor a swap entry is present: pmd_none()
 * false leaves present or swap, and is_swap_pmd() false then leaves present. Spelled as one
 * `||` test and as two tests, the swap side leaving through a switch on the swap type.
 * Either test alone does not prove it (none alone: a migration entry; swap alone: an empty
 * entry), and the tests made before the lock prove nothing under it.
 */

int swp_type(swp_entry_t entry);
#define NS_MIGRATION_WRITE	31

int ns_protect(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (pmd_none(*pmd) || is_swap_pmd(*pmd))
		goto unlock;
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
unlock:
	spin_unlock(ptl);
	return 0;
}

int ns_protect_switch(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	pmd_t old;

	if (pmd_none(*pmd))
		goto unlock;
	if (is_swap_pmd(*pmd)) {
		swp_entry_t e = pmd_to_swp_entry(*pmd);

		switch (swp_type(e)) {
		case NS_MIGRATION_WRITE:
			set_pmd_at(vma->vm_mm, addr, pmd, swp_entry_to_pmd(make_readable_migration_entry(e.val)));
			goto unlock;
		default:
			goto unlock;
		}
	}
	old = pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	set_pmd_at(vma->vm_mm, addr, pmd, pmd_wrprotect(old));
unlock:
	spin_unlock(ptl);
	return 0;
}

int ns_none_only(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (!pmd_none(*pmd))
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

int ns_swap_only(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (!is_swap_pmd(*pmd))
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

int ns_before_lock(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;

	if (pmd_none(*pmd) || is_swap_pmd(*pmd))
		return 0;
	ptl = pmd_lock(vma->vm_mm, pmd);
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}
