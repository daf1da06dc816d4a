#include <linux/mmlint_stub.h>
/*
 * A local filled with a reference on one path and with another holder's mm on the other
 * (vfio type1's lock accounting before 6.2: `mm = async ? get_task_mm(dma->task) :
 * dma->task->mm;`), then put on every path: where the local names the task's mm the put drops a
 * reference the function never took. Written as ?: and as if/else; the fixed forms put only
 * under the same condition (quiet), and a local whose every value was taken here (quiet). Not
 * this bug: a seq iterator whose local names, on the other path, the member it kept the reference
 * in on the previous call (kernel/bpf/task_iter.c task_vma_seq_get_next()): that put is right.
 */

struct sl_dma {
	struct task_struct *task;
	bool lock_cap;
};

int sl_account(struct mm_struct *mm, long npage, bool cap);

int sl_acct_ternary(struct sl_dma *dma, long npage, bool async)
{
	struct mm_struct *mm;
	int ret;

	mm = async ? get_task_mm(dma->task) : dma->task->mm;
	if (!mm)
		return -ESRCH;
	ret = sl_account(mm, npage, dma->lock_cap);
	mmput(mm); /* expect: mm-ref-imbalance the synchronous path never took it */
	return ret;
}

int sl_acct_branches(struct sl_dma *dma, long npage, bool async)
{
	struct mm_struct *mm;
	int ret;

	if (async)
		mm = get_task_mm(dma->task);
	else
		mm = dma->task->mm;
	if (!mm)
		return -ESRCH;
	ret = sl_account(mm, npage, dma->lock_cap);
	mmput(mm); /* expect: mm-ref-imbalance put whichever way the local was filled */
	return ret;
}

int sl_acct_fixed(struct sl_dma *dma, long npage, bool async)
{
	struct mm_struct *mm;
	int ret;

	mm = async ? get_task_mm(dma->task) : dma->task->mm;
	if (!mm)
		return -ESRCH;
	ret = sl_account(mm, npage, dma->lock_cap);
	if (async)
		mmput(mm); /* ok: mm-ref-imbalance put under the condition it was taken */
	return ret;
}

int sl_acct_both_taken(struct sl_dma *dma, struct task_struct *peer, long npage, bool async)
{
	struct mm_struct *mm;
	int ret;

	mm = async ? get_task_mm(dma->task) : get_task_mm(peer);
	if (!mm)
		return -ESRCH;
	ret = sl_account(mm, npage, dma->lock_cap);
	mmput(mm); /* ok: mm-ref-imbalance either arm took a reference */
	return ret;
}

struct sl_iter {
	struct task_struct *task;
	struct mm_struct *mm;		/* a reference kept between calls */
};

struct vm_area_struct *sl_iter_next(struct sl_iter *it, struct task_struct *t)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm;

	if (it->task) {
		mm = it->mm;
	} else {
		mm = get_task_mm(t);
		if (!mm)
			return NULL;
		mmap_read_lock(mm);
	}
	vma = find_vma(mm, 0);
	if (!vma) {
		mmap_read_unlock(mm);
		mmput(mm); /* ok: mm-ref-imbalance the reference the previous call kept in the iterator */
		it->task = NULL;
		it->mm = NULL;
		return NULL;
	}
	it->task = t;
	it->mm = mm;
	return vma;
}
