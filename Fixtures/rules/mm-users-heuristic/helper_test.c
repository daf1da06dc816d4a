#include <linux/mmlint_stub.h>
/*
 * mm-users-heuristic: the single-user test in a helper that returns it, written as an equality
 * (`return atomic_read(&mm->mm_users) == 1;`, the classic spelling): the branch on the helper's
 * call reads the returned test. An exit test in a helper (`== 0`, ksm/khugepaged's) is not this
 * rule. (A relational helper, `<= 1`, is still the todo in spellings.c: a returned `<=` keeps no
 * value.)
 */

static inline bool hu_only_user(struct mm_struct *mm)
{
	return atomic_read(&mm->mm_users) == 1;
}

void hu_flush(struct mm_struct *mm)
{
	if (hu_only_user(mm)) { /* expect: mm-users-heuristic */
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
}

static inline bool hu_exiting(struct mm_struct *mm)
{
	return atomic_read(&mm->mm_users) == 0;
}

void hu_scan(struct mm_struct *mm)
{
	if (hu_exiting(mm)) { /* ok: mm-users-heuristic */
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
}

/* the fixed form: the mask says who has it loaded */
void hu_flush_fixed(struct mm_struct *mm)
{
	flush_tlb_others(mm_cpumask(mm), mm); /* ok: mm-users-heuristic */
}
