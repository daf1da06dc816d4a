#include <linux/mmlint_stub.h>
/*
 * A copy of the entry read before pmd_lock() and tested after it (fs/proc/task_mmu.c's
 * helpers test a copy, but one their callers read under pmd_trans_huge_lock()): the test
 * is of the value the entry had before the lock, not of the entry under it. Spellings of the
 * copy: `val = *pmd`, pmdp_get(), READ_ONCE(*pmd), a copy assigned after its declaration, a
 * union-free integer copy. The same copy read again under the lock proves the entry present.
 */

pmd_t sc_mkdirty(pmd_t pmd);
void cond_resched(void);
pmd_t pmdp_get_lockless(pmd_t *pmdp);

int sc_deref_before(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	pmd_t val = *pmd;
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (pmd_present(val))
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

int sc_get_before(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	pmd_t val = pmdp_get(pmd);
	spinlock_t *ptl;

	ptl = pmd_lock(vma->vm_mm, pmd);
	if (!pmd_present(val) || !pmd_trans_huge(val))
		goto out;
	pmdp_invalidate_ad(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
out:
	spin_unlock(ptl);
	return 0;
}

int sc_read_once_before(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	pmd_t val;
	spinlock_t *ptl;

	val = READ_ONCE(*pmd);
	ptl = pmd_lock(vma->vm_mm, pmd);
	if (pmd_present(val)) {
		pmd_t old = pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */

		set_pmd_at(vma->vm_mm, addr, pmd, sc_mkdirty(old));
	}
	spin_unlock(ptl);
	return 0;
}

int sc_copy_under_lock(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	pmd_t val = *pmd;

	if (pmd_present(val))
		pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

int sc_reread_under_lock(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	pmd_t val = pmdp_get(pmd);
	spinlock_t *ptl;

	if (!pmd_present(val))
		return 0;
	ptl = pmd_lock(vma->vm_mm, pmd);
	val = pmdp_get(pmd);
	if (pmd_present(val) && pmd_trans_huge(val))
		pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

/* A pointer copied before the lock still names the entry: its test under the lock counts. */
int sc_pointer_copy(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	pmd_t *p = pmd;
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (pmd_present(*p))
		pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

/* Copied under one lock section, tested in the next one. */
int sc_copy_across_sections(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	pmd_t val = *pmd;

	spin_unlock(ptl);
	cond_resched();
	spin_lock(ptl);
	if (pmd_present(val))
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

/* A copy read under the lock with the lockless accessor is the entry under the lock. */
int sc_lockless_under_lock(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	pmd_t val = pmdp_get_lockless(pmd);

	if (pmd_present(val) && pmd_trans_huge(val))
		pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

/* Read locklessly before the lock: stale under it. */
int sc_lockless_before_lock(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	pmd_t val = pmdp_get_lockless(pmd);
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (pmd_present(val))
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

pmd_t *sc_find_pmd(struct mm_struct *mm, unsigned long addr);

/* No page-table lock anywhere on the path (khugepaged's scan shape): the test is of an entry
 * nothing keeps present. A test in a function that takes no lock is taken as made under its
 * caller's lock, which is right for a helper but not for an entry the function looked up. */
int sc_no_lock(struct vm_area_struct *vma, unsigned long addr)
{
	pmd_t *pmd = sc_find_pmd(vma->vm_mm, addr);

	if (!pmd)
		return 0;
	if (pmd_present(pmdp_get_lockless(pmd)))
		pmdp_invalidate(vma, addr, pmd); /* todo: invalidate-non-present-pmd no lock on the path is not yet a finding */
	return 0;
}
