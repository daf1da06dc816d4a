#include <linux/mmlint_stub.h>
/*
 * mm-users-heuristic written as the multi-user test: `mm_users > 1`, `>= 2`, `!= 1` and the
 * mirrored `1 < mm_users`, in the branch, in a local and in a helper that returns it. The
 * single-user side is then the false one: there the shortcut trims mm_cpumask or flushes only
 * this CPU. All were missed: only the single-user spellings (`== 1`, `<= 1`, `< 2`) were read.
 * `> 2` is not the complement of a single-user test: quiet.
 */

void mr_flush_a(struct mm_struct *mm)
{
	if (atomic_read(&mm->mm_users) > 1) { /* expect: mm-users-heuristic */
		flush_tlb_others(mm_cpumask(mm), mm);
	} else {
		cpumask_copy(mm_cpumask(mm), cpumask_of(smp_processor_id()));
		local_flush_tlb_mm(mm);
	}
}

void mr_flush_b(struct mm_struct *mm)
{
	if (atomic_read(&mm->mm_users) != 1) { /* expect: mm-users-heuristic */
		flush_tlb_others(mm_cpumask(mm), mm);
		return;
	}
	local_flush_tlb_mm(mm);
}

void mr_flush_c(struct mm_struct *mm)
{
	bool shared = atomic_read(&mm->mm_users) >= 2;

	if (!shared) { /* expect: mm-users-heuristic */
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
}

static bool mr_shared(struct mm_struct *mm)
{
	return 1 < atomic_read(&mm->mm_users);
}

void mr_flush_d(struct mm_struct *mm)
{
	if (mr_shared(mm)) /* expect: mm-users-heuristic */
		flush_tlb_others(mm_cpumask(mm), mm);
	else
		local_flush_tlb_mm(mm);
}

/* the shared side trims: not the single-user shortcut */
void mr_flush_e(struct mm_struct *mm)
{
	if (mr_shared(mm)) { /* ok: mm-users-heuristic */
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
}

/* more than two users: no single-user side */
void mr_flush_f(struct mm_struct *mm)
{
	if (atomic_read(&mm->mm_users) > 2) /* ok: mm-users-heuristic */
		flush_tlb_others(mm_cpumask(mm), mm);
	else
		local_flush_tlb_mm(mm);
}
