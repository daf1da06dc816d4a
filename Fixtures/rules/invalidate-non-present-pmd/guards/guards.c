/*
 * The page-table lock taken by guard()/scoped_guard() on pmd_lockptr(): presence is a fact
 * from the guard's lock to the end of its scope, where the compiler's cleanup call drops the
 * lock. A test inside the scope proves the invalidation inside it; an invalidation after the
 * scope, or under a guard with no test, is the error. A test's result kept in a local and read
 * after the unlock proves nothing either (spelled with spin_unlock() and with a scope's end).
 */
#include "locks.h"

bool pg_mkclean(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	pmd_t old;

	guard(spinlock)(pmd_lockptr(vma->vm_mm, pmd));
	if (!pmd_present(*pmd))
		return false;
	old = pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkclean(old));
	return true;
}

int pg_notest(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	guard(spinlock)(pmd_lockptr(vma->vm_mm, pmd));
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	return 1;
}

int pg_scoped(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	scoped_guard(spinlock, pmd_lockptr(vma->vm_mm, pmd)) {
		if (!pmd_present(*pmd))
			return 0;
		set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkold(pmdp_invalidate(vma, addr, pmd))); /* ok: invalidate-non-present-pmd */
	}
	return 1;
}

int pg_scoped_none_only(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	scoped_guard(spinlock, pmd_lockptr(vma->vm_mm, pmd)) {
		if (pmd_none(*pmd))
			return 0;
		set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkold(pmdp_invalidate(vma, addr, pmd))); /* expect: invalidate-non-present-pmd */
	}
	return 1;
}

bool pg_after_scope(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	pmd_t old;

	scoped_guard(spinlock, pmd_lockptr(vma->vm_mm, pmd)) {
		if (!pmd_present(*pmd))
			return false;
	}
	old = pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkclean(old));
	return true;
}

bool pg_kept_unlock(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	bool present;

	present = pmd_present(*pmd);
	spin_unlock(ptl);
	if (!present)
		return false;
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	return true;
}

bool pg_kept_scope(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	bool present;

	scoped_guard(spinlock, pmd_lockptr(vma->vm_mm, pmd))
		present = pmd_present(*pmd);
	if (!present)
		return false;
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	return true;
}

/*
 * The same with the local set false before the scope: at the join of the scope's paths (the
 * guard's for loop) the local is false on one and the unlocked test's result on the other.
 */
bool pg_kept_scope_init(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	bool present = false;

	scoped_guard(spinlock, pmd_lockptr(vma->vm_mm, pmd))
		present = pmd_present(*pmd);
	if (!present)
		return false;
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	return true;
}
