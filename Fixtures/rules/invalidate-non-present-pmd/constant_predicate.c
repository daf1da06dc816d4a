#include <linux/mmlint_stub.h>
/*
 * invalidate-non-present-pmd: a configuration's answer spelled as a call. Newer change_huge_pmd()
 * (the 2025 non-present pmd series) writes `if (thp_migration_supported() && is_swap_pmd(*pmd))`
 * where 6.12 writes `#ifdef CONFIG_ARCH_ENABLE_THP_MIGRATION`: thp_migration_supported() is a
 * static inline returning IS_ENABLED(…), a constant. With THP migration configured the swap
 * case is handled before the invalidation (quiet); a predicate that answers no (here one that
 * returns 0) leaves the swap case in and is reported, as the #ifdef'd-out test would be.
 */

#define CONFIG_ARCH_ENABLE_THP_MIGRATION 1
#define IS_ENABLED(option) (option + 0)

static inline bool thp_migration_supported(void)
{
	return IS_ENABLED(CONFIG_ARCH_ENABLE_THP_MIGRATION);
}

static inline bool cp_swap_handled_elsewhere(void)
{
	return false;
}

pmd_t pmd_modify(pmd_t pmd, pgprot_t newprot);

int cp_change_huge_pmd(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr, pgprot_t newprot)
{
	spinlock_t *ptl;
	pmd_t oldpmd;

	ptl = __pmd_trans_huge_lock(pmd, vma);
	if (!ptl)
		return 0;
	if (thp_migration_supported() && is_swap_pmd(*pmd))
		goto unlock;
	oldpmd = pmdp_invalidate_ad(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	set_pmd_at(vma->vm_mm, addr, pmd, pmd_modify(oldpmd, newprot));
unlock:
	spin_unlock(ptl);
	return 1;
}

int cp_change_huge_pmd_no(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr, pgprot_t newprot)
{
	spinlock_t *ptl;
	pmd_t oldpmd;

	ptl = __pmd_trans_huge_lock(pmd, vma);
	if (!ptl)
		return 0;
	if (cp_swap_handled_elsewhere() && is_swap_pmd(*pmd))
		goto unlock;
	oldpmd = pmdp_invalidate_ad(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	set_pmd_at(vma->vm_mm, addr, pmd, pmd_modify(oldpmd, newprot));
unlock:
	spin_unlock(ptl);
	return 1;
}
