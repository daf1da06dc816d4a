#include <linux/mmlint_stub.h>
/*
 * invalidate-non-present-pmd: set_pmd_at() writes the value it is given; where that value is a
 * swap entry (a migration entry made from an offset) the entry is not present after, and an
 * invalidation of it is the bug. Not read yet: the written value's presence is not known to the
 * dataflow (a present value written — `set_pmd_at(mm, addr, pmd, pmd_mkhuge(entry))` — must stay
 * quiet), so set_pmd_at() forgets nothing.
 */

int we_overwritten(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr, pgoff_t off)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (!pmd_present(*pmd)) {
		spin_unlock(ptl);
		return 0;
	}
	set_pmd_at(vma->vm_mm, addr, pmd, swp_entry_to_pmd(make_readable_migration_entry(off)));
	pmdp_invalidate(vma, addr, pmd); /* todo: invalidate-non-present-pmd a migration entry was written */
	spin_unlock(ptl);
	return 1;
}
