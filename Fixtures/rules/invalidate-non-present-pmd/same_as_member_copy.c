#include <linux/mmlint_stub.h>
/*
 * The copy of the entry kept in a struct rather than a local (`vmf->orig_pmd`, the member
 * struct vm_fault carries for the huge pmd fault handlers): a member of a value type is a copy
 * as a value local is, so what was learned of it before the lock stays its own, and
 * pmd_same() of the entry with it under the lock makes the entry present (same_as_copy.c for
 * locals). Without the comparison the test of the copy proves nothing of the entry under the
 * lock.
 */

struct mc_fault {
	struct vm_area_struct *vma;
	unsigned long address;
	pmd_t *pmd;
	pmd_t orig_pmd;
	spinlock_t *ptl;
};

vm_fault_t mc_same_copy_first(struct mc_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;

	if (!pmd_present(vmf->orig_pmd))
		return 0;
	vmf->ptl = pmd_lock(vma->vm_mm, vmf->pmd);
	if (unlikely(!pmd_same(vmf->orig_pmd, *vmf->pmd))) {
		spin_unlock(vmf->ptl);
		return 0;
	}
	pmdp_invalidate(vma, vmf->address, vmf->pmd); /* ok: invalidate-non-present-pmd the entry equals the tested copy */
	spin_unlock(vmf->ptl);
	return 0;
}

vm_fault_t mc_same_entry_first(struct mc_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	spinlock_t *ptl;

	if (!pmd_trans_huge(vmf->orig_pmd))
		return 0;
	ptl = pmd_lock(vma->vm_mm, vmf->pmd);
	if (!pmd_same(*vmf->pmd, vmf->orig_pmd))
		goto unlock;
	pmdp_invalidate(vma, vmf->address, vmf->pmd); /* ok: invalidate-non-present-pmd the entry equals the tested copy */
unlock:
	spin_unlock(ptl);
	return 0;
}

vm_fault_t mc_no_compare(struct mc_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;

	if (!pmd_present(vmf->orig_pmd))
		return 0;
	vmf->ptl = pmd_lock(vma->vm_mm, vmf->pmd);
	pmdp_invalidate(vma, vmf->address, vmf->pmd); /* expect: invalidate-non-present-pmd the copy tells nothing under the lock */
	spin_unlock(vmf->ptl);
	return 0;
}
