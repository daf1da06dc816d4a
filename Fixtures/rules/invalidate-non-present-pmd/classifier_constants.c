#include <linux/mmlint_stub.h>
/*
 * The entry classified by a helper returning one of several constants (khugepaged's
 * check_pmd_state() shape: none / migration / !present / trans_huge), the class switched on
 * or compared under pmd_lock(). What the caller learns is what holds at every return of that
 * constant: a class shared by a migration entry and a huge pmd proves nothing; a class of its
 * own, returned only where the entry tested huge, proves it present. A return whose value the
 * helper does not know (another helper's) may give any class.
 */

enum cc_state {
	CC_NONE,
	CC_NULL,
	CC_MAPPED,
	CC_MIGRATING,
	CC_HUGE,
};

#define CC2_NONE	0
#define CC2_SWAP	1
#define CC2_LEAF	2

int cc_other_class(pmd_t pmde);

/* migration and huge share CC_MAPPED */
static int cc_state_shared(pmd_t *pmd)
{
	pmd_t pmde = pmdp_get(pmd);

	if (pmd_none(pmde))
		return CC_NONE;
	if (is_pmd_migration_entry(pmde))
		return CC_MAPPED;
	if (!pmd_present(pmde))
		return CC_NULL;
	if (pmd_trans_huge(pmde))
		return CC_MAPPED;
	return CC_NONE;
}

/* huge has a class of its own */
static int cc_state_own(pmd_t *pmd)
{
	if (pmd_none(*pmd))
		return CC_NONE;
	if (is_pmd_migration_entry(*pmd))
		return CC_MIGRATING;
	if (!pmd_present(*pmd))
		return CC_NULL;
	if (pmd_trans_huge(*pmd))
		return CC_HUGE;
	return CC_NONE;
}

/* #define constants, a ?: return */
static int cc2_kind(pmd_t *pmd)
{
	if (pmd_none(*pmd))
		return CC2_NONE;
	return pmd_present(*pmd) ? CC2_LEAF : CC2_SWAP;
}

/* one return hands back another helper's class: CC_HUGE may come from there */
static int cc_state_delegates(pmd_t *pmd)
{
	pmd_t pmde = *pmd;

	if (pmd_trans_huge(pmde) && pmd_present(pmde))
		return CC_HUGE;
	return cc_other_class(pmde);
}

int cc_switch_shared(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	switch (cc_state_shared(pmd)) {
	case CC_MAPPED:
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
		break;
	default:
		break;
	}
	spin_unlock(ptl);
	return 0;
}

int cc_switch_own(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	switch (cc_state_own(pmd)) {
	case CC_MIGRATING:
	case CC_NULL:
		break;
	case CC_HUGE:
		pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
		break;
	default:
		break;
	}
	spin_unlock(ptl);
	return 0;
}

int cc_compare_direct(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (cc_state_own(pmd) == CC_HUGE)
		pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

int cc_local_early_return(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	int state = cc_state_own(pmd);

	if (state != CC_HUGE) {
		spin_unlock(ptl);
		return -EAGAIN;
	}
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

int cc_local_wrong_class(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	int state = cc_state_own(pmd);

	if (state == CC_MIGRATING)
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

int cc_classified_before_lock(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	int state = cc_state_own(pmd);
	spinlock_t *ptl;

	if (state != CC_HUGE)
		return 0;
	ptl = pmd_lock(vma->vm_mm, pmd);
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

int cc2_defined_constants(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (cc2_kind(pmd) == CC2_LEAF)
		pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	if (cc2_kind(pmd) == CC2_SWAP)
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

int cc_delegated_class(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (cc_state_delegates(pmd) == CC_HUGE)
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}
