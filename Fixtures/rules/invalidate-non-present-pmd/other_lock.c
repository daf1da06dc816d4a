#include <linux/mmlint_stub.h>
/*
 * Another object's lock taken and dropped under the page-table lock (a driver's list lock, a
 * queue's lock) forgets nothing of the entry: an embedded spinlock of any member but
 * mm->page_table_lock or a page-table page's ptl is not a page-table lock. Dropping the
 * page-table lock itself — through its pointer, or as mm->page_table_lock, which is the pmd
 * lock without split page-table locks — forgets the test.
 */

struct ol_dev {
	spinlock_t lock;
	unsigned long nr_split;
};

struct ol_ptdesc {
	spinlock_t ptl;
};

pmd_t *mm_find_pmd(struct mm_struct *mm, unsigned long address);

void ol_other_lock(struct ol_dev *dev, struct vm_area_struct *vma, unsigned long addr)
{
	pmd_t *pmd = mm_find_pmd(vma->vm_mm, addr);
	spinlock_t *ptl;

	if (!pmd)
		return;
	ptl = pmd_lock(vma->vm_mm, pmd);
	if (!pmd_present(*pmd))
		goto out;
	spin_lock(&dev->lock);
	dev->nr_split++;
	spin_unlock(&dev->lock);
	pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd only the device lock was dropped */
out:
	spin_unlock(ptl);
}

void ol_ptl_dropped(struct ol_dev *dev, struct vm_area_struct *vma, unsigned long addr)
{
	pmd_t *pmd = mm_find_pmd(vma->vm_mm, addr);
	spinlock_t *ptl;

	if (!pmd)
		return;
	ptl = pmd_lock(vma->vm_mm, pmd);
	if (!pmd_present(*pmd))
		goto out;
	spin_unlock(ptl);
	dev->nr_split++;
	spin_lock(ptl);
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd the page-table lock was dropped */
out:
	spin_unlock(ptl);
}

void ol_mm_lock_dropped(struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	pmd_t *pmd = mm_find_pmd(mm, addr);

	if (!pmd)
		return;
	spin_lock(&mm->page_table_lock);
	if (!pmd_trans_huge(*pmd))
		goto out;
	spin_unlock(&mm->page_table_lock);
	spin_lock(&mm->page_table_lock);
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd the mm page table lock is the pmd lock here */
out:
	spin_unlock(&mm->page_table_lock);
}

void ol_ptdesc_lock_dropped(struct ol_ptdesc *pt, struct vm_area_struct *vma, unsigned long addr)
{
	pmd_t *pmd = mm_find_pmd(vma->vm_mm, addr);
	spinlock_t *ptl;

	if (!pmd)
		return;
	ptl = pmd_lock(vma->vm_mm, pmd);
	if (!pmd_present(*pmd))
		goto out;
	spin_unlock(&pt->ptl);
	spin_lock(&pt->ptl);
	pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd a page-table page lock may be this one */
out:
	spin_unlock(ptl);
}
