#include <linux/mmlint_stub.h>
/*
 * mm-users-heuristic: mm_users == 1 taken to mean "only this CPU uses the
 * mm". The sparc64 shape removed by bafb056ce279 (and still in sparc32's
 * srmmu.c in 6.12): trim mm_cpumask to this CPU and flush locally, while a
 * kthread_use_mm() borrower may run on another CPU.
 * Quiet: the fixed form; single-user heuristics whose fast path stays
 * correct (membarrier skipping IPIs, NUMA placement); exit tests (== 0).
 */

void tl_flush_tlb_mm(struct mm_struct *mm)
{
	if (atomic_read(&mm->mm_users) == 1 && current->active_mm == mm) { /* expect: mm-users-heuristic replay=confirmed */
		cpumask_copy(mm_cpumask(mm), cpumask_of(smp_processor_id()));
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
	local_flush_tlb_mm(mm);
}

void tl_flush_tlb_mm_fixed(struct mm_struct *mm)
{
	flush_tlb_others(mm_cpumask(mm), mm);
	local_flush_tlb_mm(mm);
}

int tl_membarrier(struct mm_struct *mm)
{
	if (atomic_read(&mm->mm_users) == 1) /* ok: mm-users-heuristic */
		return 0;
	return 1;
}

bool tl_exiting(struct mm_struct *mm)
{
	return atomic_read(&mm->mm_users) == 0; /* ok: mm-users-heuristic */
}
