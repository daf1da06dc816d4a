#include <linux/mmlint_stub.h>
/*
 * The entry classified in the function itself, a constant stored in a local per class under
 * pmd_lock(), and the class compared or switched on later (check_pmd_state() inlined into its
 * caller): what held where a class was stored holds where the local equals it. Written as an
 * if/else chain, as nested ?:, compared with == and switched on. A class stored both for a
 * migration entry and a huge pmd proves nothing; a class stored before the lock is taken is a
 * test of an entry that may have changed since.
 */

enum sc_kind {
	SC_NONE,
	SC_TABLE,
	SC_HUGE,
	SC_MOVING,
};

/* 1. if/else chain, compared with == */
void sc_age_chain(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmdp)
{
	enum sc_kind kind;
	spinlock_t *ptl;
	pmd_t old;

	ptl = pmd_lock(vma->vm_mm, pmdp);
	if (pmd_none(*pmdp))
		kind = SC_NONE;
	else if (pmd_trans_huge(*pmdp))
		kind = SC_HUGE;
	else
		kind = SC_TABLE;
	if (kind == SC_HUGE) {
		old = pmdp_invalidate(vma, addr, pmdp); /* ok: invalidate-non-present-pmd huge is stored only where the entry tested huge */
		set_pmd_at(vma->vm_mm, addr, pmdp, pmd_mkold(old));
	}
	spin_unlock(ptl);
}

/* 2. nested ?:, switched on */
void sc_age_switch(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmdp)
{
	enum sc_kind kind;
	spinlock_t *ptl;
	pmd_t old;

	ptl = pmd_lock(vma->vm_mm, pmdp);
	kind = pmd_none(*pmdp) ? SC_NONE :
	       is_pmd_migration_entry(*pmdp) ? SC_MOVING :
	       pmd_trans_huge(*pmdp) ? SC_HUGE : SC_TABLE;
	switch (kind) {
	case SC_HUGE:
		old = pmdp_invalidate(vma, addr, pmdp); /* ok: invalidate-non-present-pmd the case is the huge arm */
		set_pmd_at(vma->vm_mm, addr, pmdp, pmd_mkold(old));
		break;
	default:
		break;
	}
	spin_unlock(ptl);
}

/* 3. one class for a migration entry and a huge pmd */
void sc_age_shared(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmdp)
{
	enum sc_kind kind = SC_TABLE;
	spinlock_t *ptl;
	pmd_t old;

	ptl = pmd_lock(vma->vm_mm, pmdp);
	if (pmd_trans_huge(*pmdp) || is_pmd_migration_entry(*pmdp))
		kind = SC_HUGE;
	else if (pmd_none(*pmdp))
		kind = SC_NONE;
	if (kind == SC_HUGE) {
		old = pmdp_invalidate(vma, addr, pmdp); /* expect: invalidate-non-present-pmd a migration entry gets the same class */
		set_pmd_at(vma->vm_mm, addr, pmdp, pmd_mkold(old));
	}
	spin_unlock(ptl);
}

/* 4. classified before the lock */
void sc_age_early(struct vm_area_struct *vma, unsigned long addr, pmd_t *pmdp)
{
	enum sc_kind kind;
	spinlock_t *ptl;
	pmd_t old;

	if (pmd_trans_huge(*pmdp))
		kind = SC_HUGE;
	else
		kind = SC_TABLE;
	ptl = pmd_lock(vma->vm_mm, pmdp);
	if (kind == SC_HUGE) {
		old = pmdp_invalidate(vma, addr, pmdp); /* expect: invalidate-non-present-pmd the class was decided before the lock */
		set_pmd_at(vma->vm_mm, addr, pmdp, pmd_mkold(old));
	}
	spin_unlock(ptl);
}
