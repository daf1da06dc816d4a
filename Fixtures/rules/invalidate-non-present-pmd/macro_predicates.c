#include <linux/mmlint_stub.h>
/*
 * invalidate-non-present-pmd where the presence test is a macro.
 *
 * arm64 defines pmd_present() as a macro over pte_present(pmd_pte(pmd)),
 * itself macros over the entry's bits, where x86 has an inline function. The
 * fact is the same: the test is read from the invocation, whatever it expands
 * to, also inside unlikely() and with the entry read through pmdp_get().
 */

static inline unsigned long arm64_pmd_bits(pmd_t pmd)
{
	return pmd.pmd;
}

#define arm64_pte_valid(v)	(!!((v) & 1UL))
#define arm64_pte_present_invalid(v)	(((v) & 3UL) == 2UL)
#undef pmd_present
#define pmd_present(pmd)	(arm64_pte_valid(arm64_pmd_bits(pmd)) || \
				 arm64_pte_present_invalid(arm64_pmd_bits(pmd)))

int arm64_clean_pmd(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (unlikely(!pmd_present(*pmd))) {
		spin_unlock(ptl);
		return 0;
	}
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

int arm64_clean_pmd_get(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	int done = 0;

	if (pmd_present(*pmd)) {
		pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
		done = 1;
	}
	spin_unlock(ptl);
	return done;
}

int arm64_clean_pmd_untested(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmd)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}
