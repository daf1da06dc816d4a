#include <linux/mmlint_stub.h>
/*
 * invalidate-non-present-pmd in other spellings: the entry read through its accessor
 * (`v = pmdp_get(pmd)` is the copy `v = *pmd`; `pmd_present(pmdp_get(pmd))` a test of *pmd),
 * presence tested in a statement-expression macro, with `== 0`, in a saved bool, through a
 * local alias of the pointer, under WARN_ON(), per iteration of a loop; and what is not a
 * proof: pmd_none() alone (a migration entry passes it), a test before the lock re-taken in a
 * retry loop, pmd_trans_huge_lock() without the is_swap_pmd() rejection, a test of the other
 * pmd of a ?:, a helper's caller that rejected only none.
 */

#define px_pmd_ok(p) ({ pmd_t __v = *(p); pmd_present(__v); })

/* 1. stmt-expr presence macro: ok */
int px_stmtexpr(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	int ret = 0;

	if (!px_pmd_ok(pmd))
		goto unlock;
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	ret = 1;
unlock:
	spin_unlock(ptl);
	return ret;
}

/* 2. only pmd_none rejected: a migration entry passes */
int px_none_only(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	int ret = 0;

	if (pmd_none(*pmd))
		goto unlock;
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	ret = 1;
unlock:
	spin_unlock(ptl);
	return ret;
}

/* 3. == 0 form: ok */
int px_eq0(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (pmd_present(*pmd) == 0) {
		spin_unlock(ptl);
		return 0;
	}
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 1;
}

/* 4. saved test: ok */
int px_saved(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	bool present = pmd_present(*pmd);
	int ret = 0;

	if (present) {
		pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
		ret = 1;
	}
	spin_unlock(ptl);
	return ret;
}

/* 5. local alias of the pmd pointer: ok */
int px_alias(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	pmd_t *p = pmd;
	spinlock_t *ptl = pmd_lock(vma->vm_mm, p);
	int ret = 0;

	if (!pmd_trans_huge(*p) && !pmd_devmap(*p))
		goto unlock;
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	ret = 1;
unlock:
	spin_unlock(ptl);
	return ret;
}

/* 6. pmdp_get copy tested: ok */
int px_get(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	pmd_t v = pmdp_get(pmd);
	int ret = 0;

	if (!pmd_present(v))
		goto unlock;
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	ret = 1;
unlock:
	spin_unlock(ptl);
	return ret;
}

/* 7. a loop over pmds: continue on non-present: ok; a second loop without the test */
void px_loop(struct vm_area_struct *vma, pmd_t *pmds, int n, unsigned long addr)
{
	int i;

	for (i = 0; i < n; i++) {
		spinlock_t *ptl = pmd_lock(vma->vm_mm, &pmds[i]);

		if (!pmd_present(pmds[i])) {
			spin_unlock(ptl);
			continue;
		}
		pmdp_invalidate(vma, addr, &pmds[i]); /* ok: invalidate-non-present-pmd */
		spin_unlock(ptl);
	}
}

/* 8. test before the lock, lock retaken in a retry loop */
int px_retry(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;

	if (!pmd_present(*pmd))
		return 0;
	for (;;) {
		ptl = pmd_lock(vma->vm_mm, pmd);
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
		spin_unlock(ptl);
		break;
	}
	return 1;
}

/* 9. a static helper invalidating its parameter, called with and without proof */
static void px_do_inval(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	pmd_t old = pmdp_invalidate(vma, addr, pmd);

	set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkold(old));
}

int px_caller_bad(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (!pmd_none(*pmd))
		px_do_inval(vma, pmd, addr); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

int px_caller_ok(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (pmd_present(*pmd))
		px_do_inval(vma, pmd, addr); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 0;
}

/* 10. raw pmd_mkinvalid on a copy taken without a test */
int px_mkinvalid(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	pmd_t v = *pmd;

	if (pmd_none(v)) {
		spin_unlock(ptl);
		return 0;
	}
	set_pmd_at(vma->vm_mm, addr, pmd, pmd_mkinvalid(v)); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 1;
}

/* 11. WARN_ON as the branch: ok */
int px_warn(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (WARN_ON(!pmd_present(*pmd))) {
		spin_unlock(ptl);
		return 0;
	}
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 1;
}

/* 12. ternary of two pmds, only one tested */
int px_ternary(struct vm_area_struct *vma, pmd_t *a, pmd_t *b, bool first, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, a);
	pmd_t *pmd = first ? a : b;

	if (!pmd_present(*a))
		goto unlock;
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
unlock:
	spin_unlock(ptl);
	return 0;
}

/* 13. pmd_trans_huge_lock without is_swap_pmd rejection */
int px_thl(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_trans_huge_lock(pmd, vma);

	if (!ptl)
		return 0;
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 1;
}

/* 14. pmd_trans_huge_lock with is_swap_pmd rejected: ok */
int px_thl_ok(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_trans_huge_lock(pmd, vma);

	if (!ptl)
		return 0;
	if (is_swap_pmd(*pmd))
		goto unlock;
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
unlock:
	spin_unlock(ptl);
	return 1;
}

/* 15. pmdp_get inline in the test: ok */
int px_get_inline(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (!pmd_present(pmdp_get(pmd))) {
		spin_unlock(ptl);
		return 0;
	}
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 1;
}

/* 16. pmdp_get copy tested only for none */
int px_get_none(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);
	pmd_t v = pmdp_get(pmd);

	if (pmd_none(v)) {
		spin_unlock(ptl);
		return 0;
	}
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	spin_unlock(ptl);
	return 1;
}
