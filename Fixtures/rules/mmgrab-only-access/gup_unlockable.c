#include <linux/mmlint_stub.h>
/*
 * Replay of a remote GUP that may drop mmap_lock itself (FOLL_UNLOCKABLE: `int locked = 1;
 * get_user_pages_remote(mm, …, &locked); if (locked) mmap_read_unlock(mm);`, kvm's async page
 * fault worker before 6.12's shape) on an mm its worker holds by mmgrab() only: the borrower
 * goes on through the conditional unlock, as the code does where GUP kept the lock, so the
 * owner's teardown takes the write lock after it and frees the page table the fault populated
 * (6.1+: the fault races the read-locked unmap_vmas()). Replay once took the shortest way on,
 * past the unlock, left the borrower holding the lock forever and refuted the finding.
 */

struct gu_work {
	struct work_struct work;
	struct mm_struct *mm;		/* mmgrab() at setup */
	unsigned long addr;
};

static void gu_execute(struct work_struct *work)
{
	struct gu_work *apf = container_of(work, struct gu_work, work);
	struct mm_struct *mm = apf->mm;
	int locked = 1;

	mmap_read_lock(mm);
	get_user_pages_remote(mm, apf->addr, 1, FOLL_WRITE, NULL, &locked); /* expect: mmgrab-only-access replay=confirmed */
	if (locked)
		mmap_read_unlock(mm);
	mmdrop(mm);
	kfree(apf);
}

bool gu_setup(unsigned long hva)
{
	struct gu_work *apf = kzalloc(sizeof(*apf), GFP_KERNEL);

	if (!apf)
		return false;
	apf->addr = hva;
	apf->mm = current->mm;
	mmgrab(apf->mm);
	INIT_WORK(&apf->work, gu_execute);
	schedule_work(&apf->work);
	return true;
}
