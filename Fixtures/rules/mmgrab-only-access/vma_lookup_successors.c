#include <linux/mmlint_stub.h>
/*
 * find_extend_vma() was removed by the 2023 stack-expansion rework (6.5, backported to 6.1.y):
 * find_extend_vma_locked() (mmap_lock held for write) and lock_mm_and_find_vma() (takes
 * mmap_read_lock itself) return a vma of the mm they are given, so a fault or zap on that vma
 * needs what that mm holds, as after find_vma().
 */

struct vs_state {
	struct mm_struct *mm;		/* mmgrab() at bind */
	unsigned long addr;
};

int vs_bind(struct vs_state *st)
{
	st->mm = current->mm;
	mmgrab(st->mm);
	return 0;
}

void vs_grow_and_fault(struct vs_state *st)
{
	struct vm_area_struct *vma;

	mmap_write_lock(st->mm);
	vma = find_extend_vma_locked(st->mm, st->addr);
	if (vma)
		handle_mm_fault(vma, st->addr, FAULT_FLAG_WRITE, NULL); /* expect: mmgrab-only-access */
	mmap_write_unlock(st->mm);
}

void vs_fault_locked(struct vs_state *st)
{
	struct vm_area_struct *vma = lock_mm_and_find_vma(st->mm, st->addr, NULL);

	if (!vma)
		return;
	handle_mm_fault(vma, st->addr, 0, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(st->mm);
}

/* the running task's own mm, as in an arch fault handler */
void vs_user_fault(unsigned long addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma = lock_mm_and_find_vma(mm, addr, NULL);

	if (!vma)
		return;
	handle_mm_fault(vma, addr, 0, NULL); /* ok: mmgrab-only-access */
	mmap_read_unlock(mm);
}
