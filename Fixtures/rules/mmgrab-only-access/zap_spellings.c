#include <linux/mmlint_stub.h>
/*
 * The vma zaps under their other spellings: the 2026 zap rename series (David Hildenbrand,
 * "mm: rename zap_page_range_single() to zap_vma_range()", "mm: rename zap_vma_ptes() to
 * zap_special_vma_range()", "mm: rename zap_vma_pages() to zap_vma()"; zap_vma_range() also
 * lost its `details` argument), zap_vma_pages() (6.3 on) and zap_page_range() (up to 6.2).
 * Each zaps the vma's page tables like zap_page_range_single()/zap_vma_ptes(): the vma's mm
 * needs mm_users (a vma found in an mm held by mmgrab() only races exit_mmap()'s unmap).
 * Newer-kernel style: no `details` argument.
 */

struct zs_state {
	struct mm_struct *mm;		/* mmgrab() at bind */
	unsigned long addr;
	struct work_struct work;
};

int zs_bind(struct zs_state *st)
{
	st->mm = current->mm;
	mmgrab(st->mm);
	return 0;
}

static void zs_drop_work(struct work_struct *w)
{
	struct zs_state *st = container_of(w, struct zs_state, work);
	struct vm_area_struct *vma;

	mmap_read_lock(st->mm);
	vma = vma_lookup(st->mm, st->addr);
	if (vma)
		zap_vma_range(vma, st->addr, PAGE_SIZE); /* expect: mmgrab-only-access */
	mmap_read_unlock(st->mm);
}

void zs_queue(struct zs_state *st)
{
	INIT_WORK(&st->work, zs_drop_work);
	schedule_work(&st->work);
}

void zs_zap_special(struct zs_state *st, unsigned long size)
{
	struct vm_area_struct *vma;

	mmap_read_lock(st->mm);
	vma = find_vma(st->mm, st->addr);
	if (vma && st->addr >= vma->vm_start)
		zap_special_vma_range(vma, st->addr, size); /* expect: mmgrab-only-access */
	mmap_read_unlock(st->mm);
}

void zs_zap_whole(struct zs_state *st)
{
	struct vm_area_struct *vma;

	mmap_read_lock(st->mm);
	vma = vma_lookup(st->mm, st->addr);
	if (vma)
		zap_vma(vma); /* expect: mmgrab-only-access */
	mmap_read_unlock(st->mm);
}

/* 6.3 to the 2026 rename */
void zs_zap_pages(struct zs_state *st)
{
	struct vm_area_struct *vma;

	mmap_read_lock(st->mm);
	vma = vma_lookup(st->mm, st->addr);
	if (vma)
		zap_vma_pages(vma); /* expect: mmgrab-only-access */
	mmap_read_unlock(st->mm);
}

/* up to 6.2 */
void zs_zap_old(struct zs_state *st, unsigned long size)
{
	struct vm_area_struct *vma;

	mmap_read_lock(st->mm);
	vma = vma_lookup(st->mm, st->addr);
	if (vma)
		zap_page_range(vma, st->addr, size); /* expect: mmgrab-only-access */
	mmap_read_unlock(st->mm);
}

/* fixed: pinned first */
static void zs_drop_work_fixed(struct work_struct *w)
{
	struct zs_state *st = container_of(w, struct zs_state, work);
	struct vm_area_struct *vma;

	if (!mmget_not_zero(st->mm))
		return;
	mmap_read_lock(st->mm);
	vma = vma_lookup(st->mm, st->addr);
	if (vma)
		zap_vma_range(vma, st->addr, PAGE_SIZE); /* ok: mmgrab-only-access */
	mmap_read_unlock(st->mm);
	mmput(st->mm);
}

void zs_queue_fixed(struct zs_state *st)
{
	INIT_WORK(&st->work, zs_drop_work_fixed);
	schedule_work(&st->work);
}

/* the caller's own mm: held by its syscall */
long zs_ioctl_zap(unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(current->mm);
	vma = vma_lookup(current->mm, addr);
	if (vma)
		zap_special_vma_range(vma, addr, PAGE_SIZE); /* ok: mmgrab-only-access */
	mmap_read_unlock(current->mm);
	return 0;
}
