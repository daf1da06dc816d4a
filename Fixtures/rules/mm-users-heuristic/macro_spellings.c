#include <linux/mmlint_stub.h>
/*
 * The single-user test written by a macro (an arch header's helper macro): the branch's text
 * names the macro, not the counter; the condition the parser read is the same test. Spellings:
 * the read behind a macro compared in place, the whole test in a macro with a second
 * condition, and the multi-user form (`> 1`) whose other side is the single-user one.
 * Quiet: a macro that reads the count but nothing acts on the single-user side.
 */

#define MU_USERS(mm)		atomic_read(&(mm)->mm_users)
#define mu_is_private(mm)	(atomic_read(&(mm)->mm_users) <= 1 && current->mm == (mm))
#define mu_shared(mm)		(atomic_read(&(mm)->mm_users) > 1)

void flush_tlb_others(const struct cpumask *mask, struct mm_struct *mm);

void mu_flush_read(struct mm_struct *mm)
{
	if (MU_USERS(mm) == 1) { /* expect: mm-users-heuristic */
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
}

void mu_flush_private(struct mm_struct *mm)
{
	if (mu_is_private(mm)) { /* expect: mm-users-heuristic */
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
}

void mu_flush_shared(struct mm_struct *mm)
{
	if (mu_shared(mm)) /* expect: mm-users-heuristic */
		flush_tlb_others(mm_cpumask(mm), mm);
	else
		local_flush_tlb_mm(mm);
}

int mu_count(struct mm_struct *mm)
{
	if (MU_USERS(mm) == 1) /* ok: mm-users-heuristic */
		return 1;
	return 0;
}
