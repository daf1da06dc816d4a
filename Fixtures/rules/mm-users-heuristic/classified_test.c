#include <linux/mmlint_stub.h>
/*
 * mm-users-heuristic: the single-user test classified first — into an enum or a flush kind
 * through ?:, or through if/else — and the classification read by a switch or a comparison.
 * The test's single-user side is the value it stores: what the switch's case for that value
 * reaches, and the other value's case does not, acts on the shortcut. A classification whose
 * cases flush alike, or that picks nothing the rule names, is not a finding.
 */

enum ct_flush { CT_FLUSH_LOCAL, CT_FLUSH_ALL };

void ct_flush_switch(struct mm_struct *mm)
{
	enum ct_flush kind = atomic_read(&mm->mm_users) == 1 ? CT_FLUSH_LOCAL : CT_FLUSH_ALL; /* expect: mm-users-heuristic */

	switch (kind) {
	case CT_FLUSH_LOCAL:
		cpumask_copy(mm_cpumask(mm), cpumask_of(smp_processor_id()));
		local_flush_tlb_mm(mm);
		break;
	case CT_FLUSH_ALL:
		flush_tlb_others(mm_cpumask(mm), mm);
		break;
	}
}

#define CT_ONE_CPU	1
#define CT_EVERY_CPU	2

void ct_flush_compare(struct mm_struct *mm)
{
	int how;

	if (atomic_read(&mm->mm_users) > 1) /* expect: mm-users-heuristic */
		how = CT_EVERY_CPU;
	else
		how = CT_ONE_CPU;
	if (how == CT_ONE_CPU) {
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
	local_flush_tlb_mm(mm);
}

void ct_account(struct mm_struct *mm);

void ct_flush_alike(struct mm_struct *mm)
{
	enum ct_flush kind = atomic_read(&mm->mm_users) == 1 ? CT_FLUSH_LOCAL : CT_FLUSH_ALL; /* ok: mm-users-heuristic */

	switch (kind) {
	case CT_FLUSH_LOCAL:
		ct_account(mm);
		break;
	default:
		break;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
	local_flush_tlb_mm(mm);
}
