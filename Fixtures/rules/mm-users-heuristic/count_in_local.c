#include <linux/mmlint_stub.h>
/*
 * The mm_users snapshot read into a local first and compared afterwards (== 1, and > 1 whose
 * single-user side is the false one): the same heuristic as the comparison spelled in place.
 * A local compared where both sides flush every CPU is not a finding.
 */

void cl_flush_tlb_mm(struct mm_struct *mm)
{
	int users = atomic_read(&mm->mm_users);

	if (users == 1 && current->active_mm == mm) { /* expect: mm-users-heuristic */
		cpumask_copy(mm_cpumask(mm), cpumask_of(smp_processor_id()));
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
}

void cl_flush_tlb_mm_multi(struct mm_struct *mm)
{
	int n;

	n = atomic_read(&mm->mm_users);
	if (n > 1) { /* expect: mm-users-heuristic */
		flush_tlb_others(mm_cpumask(mm), mm);
		return;
	}
	local_flush_tlb_mm(mm);
}

void cl_account(struct mm_struct *mm);

void cl_flush_all(struct mm_struct *mm)
{
	int users = atomic_read(&mm->mm_users);

	if (users == 1)
		cl_account(mm); /* ok: mm-users-heuristic */
	flush_tlb_others(mm_cpumask(mm), mm);
	local_flush_tlb_mm(mm);
}
