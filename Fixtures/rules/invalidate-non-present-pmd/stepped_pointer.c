#include <linux/mmlint_stub.h>
/*
 * A pmd pointer stepped in place after its entry was proven present names the next entry,
 * which nothing tested: `pmd++`, `++pmd`, `pmd += 1`, `pmd--`. A walker that tests each entry
 * after the step (the loop body of a range walk, `for (; addr != end; pmd++, addr = next)`) is
 * quiet. Not seen yet: the neighbour named by arithmetic in the argument (`pmd + 1`) or by an
 * index (`&pmds[i]` after a test of `pmds[0]`): the path of `pmd + 1` is the pointer's own
 * (a buffer plus an offset is the same allocation for the mapping rules), todo below.
 */

pmd_t *sp_pmd_off(struct mm_struct *mm, unsigned long va);

void sp_post_increment(struct vm_area_struct *vma, unsigned long addr)
{
	pmd_t *pmd = sp_pmd_off(vma->vm_mm, addr);
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (!pmd_present(*pmd)) {
		spin_unlock(ptl);
		return;
	}
	pmd++;
	pmdp_invalidate(vma, addr + HPAGE_PMD_SIZE, pmd); /* expect: invalidate-non-present-pmd the next entry was never tested */
	spin_unlock(ptl);
}

void sp_pre_increment(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (pmd_trans_huge(*pmd) && pmd_present(*++pmd))
		pmdp_invalidate_ad(vma, addr, pmd); /* ok: invalidate-non-present-pmd the stepped entry is the tested one */
	spin_unlock(ptl);
}

void sp_add_assign(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (pmd_trans_huge(*pmd)) {
		pmd += 1;
		pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd stepped by a compound add */
	}
	spin_unlock(ptl);
}

void sp_post_decrement(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (!pmd_present(*pmd))
		goto out;
	pmdp_invalidate(vma, addr, pmd--); /* ok: invalidate-non-present-pmd the old value is the argument */
	pmdp_invalidate(vma, addr - HPAGE_PMD_SIZE, pmd); /* expect: invalidate-non-present-pmd the previous entry */
out:
	spin_unlock(ptl);
}

void sp_range_walk(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr, unsigned long end)
{
	unsigned long next;

	for (; addr != end; pmd++, addr = next) {
		spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

		next = addr + HPAGE_PMD_SIZE;
		if (pmd_present(*pmd) && pmd_trans_huge(*pmd))
			pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd each entry tested after the step */
		spin_unlock(ptl);
	}
}

void sp_neighbour_argument(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl = pmd_lock(vma->vm_mm, pmd);

	if (pmd_present(*pmd))
		pmdp_invalidate(vma, addr + HPAGE_PMD_SIZE, pmd + 1); /* todo: invalidate-non-present-pmd the neighbour by arithmetic */
	spin_unlock(ptl);
}
