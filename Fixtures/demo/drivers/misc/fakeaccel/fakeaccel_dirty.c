// SPDX-License-Identifier: GPL-2.0
/*
 * fakeaccel: dirty tracking for device-visible memory.
 *
 * The device write-protects huge pages to learn which ones the CPU dirties.
 *
 * BUG (demo): fac_wp_pmd_entry() trusts pmd_trans_huge_lock(), which also
 * returns the lock for swap pmds, i.e. migration entries. pmdp_invalidate()
 * on a migration entry makes it look present to GUP-fast on arm64 and
 * corrupts the swap offset on x86. fac_clean_pmd_entry() rejects swap pmds
 * first, as change_huge_pmd() does.
 */
#include <linux/mmlint_stub.h>

#include "fakeaccel.h"

static int fac_wp_pmd_entry(pmd_t *pmd, unsigned long addr, unsigned long next,
			    struct mm_walk *walk)
{
	struct vm_area_struct *vma = walk->vma;
	spinlock_t *ptl;
	pmd_t old;

	ptl = pmd_trans_huge_lock(pmd, vma);
	if (!ptl)
		return 0;

	old = pmdp_invalidate(vma, addr, pmd); /* expect: invalidate-non-present-pmd */
	set_pmd_at(walk->mm, addr, pmd, pmd_wrprotect(pmd_mkclean(old)));
	spin_unlock(ptl);
	return 0;
}

static int fac_clean_pmd_entry(pmd_t *pmd, unsigned long addr,
			       unsigned long next, struct mm_walk *walk)
{
	struct vm_area_struct *vma = walk->vma;
	spinlock_t *ptl;
	pmd_t old;

	ptl = pmd_trans_huge_lock(pmd, vma);
	if (!ptl)
		return 0;
	if (is_swap_pmd(*pmd))
		goto unlock;	/* migration entry: nothing mapped to clean */

	old = pmdp_invalidate(vma, addr, pmd); /* ok: invalidate-non-present-pmd */
	set_pmd_at(walk->mm, addr, pmd, pmd_mkclean(old));
unlock:
	spin_unlock(ptl);
	return 0;
}

static const struct mm_walk_ops fac_wp_ops = {
	.pmd_entry	= fac_wp_pmd_entry,
};

static const struct mm_walk_ops fac_clean_ops = {
	.pmd_entry	= fac_clean_pmd_entry,
};

/* Deferred: pin the owner's address space before walking it. */
void fac_dirty_work(struct work_struct *work)
{
	struct fac_ctx *ctx = container_of(work, struct fac_ctx, dirty_work);

	if (!mmget_not_zero(ctx->mm))
		return;

	mmap_read_lock(ctx->mm);
	walk_page_range(ctx->mm, ctx->dirty_start, ctx->dirty_end, &fac_wp_ops, ctx); /* ok: mmgrab-only-access */
	mmap_read_unlock(ctx->mm);
	mmput(ctx->mm);
}

/* Syscall context: the caller's own address space. */
int fac_clear_dirty_current(struct fac_ctx *ctx, unsigned long start,
			    unsigned long end)
{
	struct mm_struct *mm = current->mm;
	int ret;

	mmap_read_lock(mm);
	ret = walk_page_range(mm, start, end, &fac_clean_ops, ctx); /* ok: mmgrab-only-access */
	mmap_read_unlock(mm);
	return ret;
}
