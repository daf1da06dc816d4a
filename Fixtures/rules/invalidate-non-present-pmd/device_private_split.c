#include <linux/mmlint_stub.h>
/*
 * invalidate-non-present-pmd on a tree with device-private THP (2025) and the leaf-entry
 * rework (include/linux/leafops.h): a huge pmd that is not present is a migration entry or a
 * device-private entry (pmd_is_valid_softleaf()). __split_huge_pmd_locked() there handles the
 * migration and the device-private entry apart and invalidates only what is left: a present
 * huge pmd. The proof comes from the caller's test under the pmd lock (pmd_trans_huge() ||
 * pmd_is_valid_softleaf()) and the callee's two leaf tests.
 *
 * The kernel's function opens with VM_WARN_ON(!is_pmd_non_present_folio_entry(*pmd) &&
 * !pmd_trans_huge(*pmd)) (the device-private THP series' spelling; the leaf-entry rework
 * renames the helper) where 6.12 had VM_BUG_ON(): a warning does not stop the path, so
 * with CONFIG_DEBUG_VM the warned path (neither huge nor leaf) reaches pmdp_invalidate() and
 * is reported in the callee — a false positive on such trees that needs code (a WARN on a
 * parameter read as the caller's contract); see invalidate-non-present-pmd.yml. It is left
 * out of dp_split_huge_pmd_locked() below, which is otherwise the kernel's shape.
 */

static void dp_split_huge_pmd_locked(struct vm_area_struct *vma, pmd_t *pmd, unsigned long haddr)
{
	pmd_t old_pmd;
	bool write;

	if (pmd_is_migration_entry(*pmd)) {
		old_pmd = *pmd;
		write = false;
	} else if (pmd_is_device_private_entry(*pmd)) {
		old_pmd = *pmd;
		write = true;
	} else {
		old_pmd = pmdp_invalidate(vma, haddr, pmd); /* ok: invalidate-non-present-pmd */
		write = pmd_write(old_pmd);
	}
	pr_debug("split %lx write=%d\n", haddr, write);
}

void dp_split_huge_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long address)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (pmd_trans_huge(*pmd) || pmd_is_valid_softleaf(*pmd))
		dp_split_huge_pmd_locked(vma, pmd, address & HPAGE_PMD_MASK); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
}

/* One leaf test in the callee: the caller's test (huge or a valid leaf, under the lock) and
 * the callee's false branch of pmd_is_valid_softleaf() prove the entry present. */
static void dp_split_pmd_locked(struct vm_area_struct *vma, pmd_t *pmd, unsigned long haddr)
{
	pmd_t old_pmd;

	if (pmd_is_valid_softleaf(*pmd))
		return;	/* migration or device-private: split by the leaf-entry path */
	old_pmd = pmdp_invalidate(vma, haddr, pmd); /* ok: invalidate-non-present-pmd */
	set_pmd_at(vma->vm_mm, haddr, pmd, pmd_mkold(old_pmd));
}

void dp_split_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long address)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (pmd_trans_huge(*pmd) || pmd_is_valid_softleaf(*pmd))
		dp_split_pmd_locked(vma, pmd, address & HPAGE_PMD_MASK); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
}

/* The pre-device-private split: only the migration entry is set apart, so a device-private
 * entry the caller admits reaches pmdp_invalidate(). */
static void dp_split_pmd_locked_old(struct vm_area_struct *vma, pmd_t *pmd, unsigned long haddr)
{
	pmd_t old_pmd;

	if (pmd_is_migration_entry(*pmd))
		return;
	old_pmd = pmdp_invalidate(vma, haddr, pmd);
	set_pmd_at(vma->vm_mm, haddr, pmd, pmd_mkold(old_pmd));
}

void dp_split_pmd_old(struct vm_area_struct *vma, pmd_t *pmd, unsigned long address)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (pmd_trans_huge(*pmd) || pmd_is_valid_softleaf(*pmd))
		dp_split_pmd_locked_old(vma, pmd, address & HPAGE_PMD_MASK); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
}

/* Both leaf tests in the function that took the lock: the kernel's order (migration, then
 * device-private) proves the rest present. */
void dp_split_pmd_swapped(struct vm_area_struct *vma, pmd_t *pmd, unsigned long haddr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	pmd_t old_pmd;

	if (!pmd_trans_huge(*pmd) && !is_pmd_non_present_folio_entry(*pmd))
		goto out;
	if (is_pmd_migration_entry(*pmd) || is_pmd_device_private_entry(*pmd))
		goto out;
	old_pmd = pmdp_invalidate(vma, haddr, pmd); /* ok: invalidate-non-present-pmd */
	set_pmd_at(vma->vm_mm, haddr, pmd, pmd_mkold(old_pmd));
out:
	spin_unlock(ptl);
}

/* The 6.10 bug shape in the leaf-entry spelling: presence decided from the value the
 * invalidation returned. */
void dp_split_decided_after(struct vm_area_struct *vma, pmd_t *pmd, unsigned long haddr)
{
	pmd_t old_pmd;

	old_pmd = pmdp_invalidate(vma, haddr, pmd); /* expect: invalidate-non-present-pmd */
	if (pmd_is_migration_entry(old_pmd))
		pr_debug("migration entry at %lx\n", haddr);
	else
		set_pmd_at(vma->vm_mm, haddr, pmd, pmd_mkold(old_pmd));
}
