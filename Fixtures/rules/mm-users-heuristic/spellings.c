#include <linux/mmlint_stub.h>
/*
 * mm-users-heuristic in other spellings: the single-user test stored in a local before the
 * branch, the consequence (trim mm_cpumask, flush only locally) in a helper the single-user
 * side calls, the comparison mirrored (2 > count). Both were missed: the rule read only the
 * branch's own text and calls made in the function itself. The test in a helper that returns it
 * as a relational comparison (`<= 1`) was missed until a comparison with a constant kept its
 * value (the constant decides: an `== 0` exit test is not this rule); relational.c has more.
 */

/* the test in a helper */
static inline bool mu_single_user(struct mm_struct *mm)
{
	return atomic_read(&mm->mm_users) <= 1;
}

void mu_flush_a(struct mm_struct *mm)
{
	if (mu_single_user(mm) && current->mm == mm) { /* expect: mm-users-heuristic */
		cpumask_copy(mm_cpumask(mm), cpumask_of(smp_processor_id()));
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
}

/* the test stored in a local */
void mu_flush_b(struct mm_struct *mm)
{
	bool single = atomic_read(&mm->mm_users) == 1;

	if (single) { /* expect: mm-users-heuristic */
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
}

/* the consequence in a helper */
static void mu_trim(struct mm_struct *mm)
{
	cpumask_copy(mm_cpumask(mm), cpumask_of(smp_processor_id()));
	local_flush_tlb_mm(mm);
}

/* the fixed form of the helper's caller: quiet */
void mu_flush_d(struct mm_struct *mm)
{
	flush_tlb_others(mm_cpumask(mm), mm);
	mu_trim(mm);
}

void mu_flush_c(struct mm_struct *mm)
{
	if (2 > atomic_read(&mm->mm_users)) { /* expect: mm-users-heuristic */
		mu_trim(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
}

/*
 * powerpc radix's flush_type_needed() after a665eec0a22e: the single-user side IPIs every CPU
 * in the mask (they flush and leave the mm themselves); the local trim further down runs on
 * the occasional tick whatever mm_users says — reached from both sides of the test, so the test
 * does not guard it. Reported once the consequence could sit in a helper; quiet again since a
 * consequence must be reached from the single-user side only.
 */
static bool mu_tick(void);
static void mu_ipi_all(struct mm_struct *mm);
bool cpumask_test_cpu(int cpu, const struct cpumask *mask);

int mu_flush_type(struct mm_struct *mm)
{
	if (atomic_read(&mm->mm_users) <= 1 && current->mm == mm) { /* ok: mm-users-heuristic */
		mu_ipi_all(mm);
		return 1;
	}
	if (mu_tick()) {
		mu_ipi_all(mm);
		if (current->mm == mm)
			return 1;
		if (cpumask_test_cpu(smp_processor_id(), mm_cpumask(mm)))
			mu_trim(mm);
		return 0;
	}
	return 2;
}
