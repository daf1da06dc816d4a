#include <linux/mmlint_stub.h>
/*
 * mm-users-heuristic: the single-user test inside a branch-hint macro, one operand of an &&
 * (ia64's smp_flush_tlb_mm(), 2.6-6.6: `if (likely(mm == current->active_mm &&
 * atomic_read(&mm->mm_users) == 1))`, then a local flush only). Every branch of the
 * condition carries the invocation's text and place: reported once.
 */

void mc_call_many(struct mm_struct *mm);
void preempt_disable(void);
void preempt_enable(void);

static void mc_flush_tlb_mm(struct mm_struct *mm)
{
	preempt_disable();
	if (likely(mm == current->active_mm && atomic_read(&mm->mm_users) == 1)) { /* expect: mm-users-heuristic a borrower may hold the mm */
		local_flush_tlb_mm(mm);
		preempt_enable();
		return;
	}
	mc_call_many(mm);
	local_flush_tlb_mm(mm);
	preempt_enable();
}

void mc_flush(struct mm_struct *mm)
{
	mc_flush_tlb_mm(mm);
}
