/*
 * The same guards with 6.12's scoped_guard() (include/linux/cleanup.h since 6.12): the loop's
 * condition is `lock_ptr(&scope) || !is_conditional`, constant true for a lock that cannot
 * fail, so the body always runs and the scope is left by the `goto` of its increment. The
 * guard's destructor — named by the cleanup attribute, not a lock call itself — drops the
 * lock its constructor took: a presence test made inside the scope proves nothing after it.
 */
#include "locks.h"

static const bool class_spinlock_is_conditional = false;

#undef scoped_guard
#define __scoped_guard_612(_name, _label, args...)				\
	for (CLASS(_name, scope)(args);						\
	     class_##_name##_lock_ptr(&scope) || !class_##_name##_is_conditional;	\
	     ({ goto _label; }))						\
		if (0) {							\
_label:										\
			break;							\
		} else
#define scoped_guard(_name, args...)	__scoped_guard_612(_name, __UNIQUE_ID(label), args)

int pg612_scoped(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	scoped_guard(spinlock, pmd_lockptr(vma->vm_mm, pmd)) {
		if (!pmd_present(*pmd))
			return 0;
		set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkold(pmdp_invalidate(vma, addr, pmd))); /* ok: invalidate-non-present-pmd */
	}
	return 1;
}

bool pg612_after_scope(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
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

bool pg612_kept_scope(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	bool present;

	scoped_guard(spinlock, pmd_lockptr(vma->vm_mm, pmd))
		present = pmd_present(*pmd);
	if (!present)
		return false;
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	return true;
}

/* guard() to the end of the function: the test and the invalidation under one lock. */
bool pg612_guard(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	guard(spinlock)(pmd_lockptr(vma->vm_mm, pmd));
	if (!pmd_present(*pmd))
		return false;
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	return true;
}
