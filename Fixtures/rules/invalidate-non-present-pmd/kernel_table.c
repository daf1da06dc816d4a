#include <linux/mmlint_stub.h>
/*
 * invalidate-non-present-pmd: init_mm's page tables are out of scope.
 *
 * arch/x86/mm/kmmio.c clears the present bit of a kernel mapping found with
 * lookup_address(): no user-space lockless walker (GUP-fast) reads those
 * tables, so the rule does not apply (ok). The same helper applied to a
 * user pmd with no presence test is still a finding (expect, at the caller,
 * because the helper's requirement travels to its callers).
 */

static void km_clear_pmd_presence(pmd_t *pmd, pmd_t *old)
{
	*old = *pmd;
	set_pmd(pmd, pmd_mkinvalid(*pmd));
}

int km_arm_kernel_page(unsigned long addr, pmd_t *old)
{
	unsigned int level;
	pte_t *pte = lookup_address(addr, &level);

	if (!pte)
		return -1;
	if (level == PG_LEVEL_2M)
		km_clear_pmd_presence((pmd_t *)pte, old); /* ok: invalidate-non-present-pmd */
	flush_tlb_one_kernel(addr);
	return 0;
}

int km_arm_user_pmd(struct vm_area_struct *vma, pmd_t *pmd, pmd_t *old)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	km_clear_pmd_presence(pmd, old); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}
