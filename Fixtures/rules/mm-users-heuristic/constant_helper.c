#include <linux/mmlint_stub.h>
/*
 * The single-user test inside a helper that returns constants (powerpc's radix TLB code in
 * 5.4: `static bool mm_is_singlethreaded(struct mm_struct *mm) { if (atomic_read(&mm->
 * context.copros) > 0) return false; if (atomic_read(&mm->mm_users) <= 1 && current->mm == mm)
 * return true; return false; }`, then `if (mm_is_singlethreaded(mm)) { …trim the cpumask…;
 * local flush }`). Every true return of the helper lies behind the test's single-user side:
 * its true result is that test. Spelled with the test first, with it last and negated, and
 * returning 1/0. Not a finding where the helper returns true also on a path that did not
 * test the count, nor where both sides of the test make the same calls (an IPI made before
 * the test, then the same local flush either way).
 */

struct ch_ctx {
	atomic_t copros;
};

struct ch_ctx *ch_ctx_of(struct mm_struct *mm);
void ch_ipi_flush(struct mm_struct *mm);

static bool ch_singlethreaded(struct mm_struct *mm)
{
	if (atomic_read(&ch_ctx_of(mm)->copros) > 0)
		return false;
	if (atomic_read(&mm->mm_users) <= 1 && current->mm == mm)
		return true;
	return false;
}

void ch_flush_tlb_mm(struct mm_struct *mm)
{
	if (ch_singlethreaded(mm)) { /* expect: mm-users-heuristic a borrower may hold the mm */
		cpumask_copy(mm_cpumask(mm), cpumask_of(smp_processor_id()));
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
}

static int ch_shared(struct mm_struct *mm)
{
	if (atomic_read(&mm->mm_users) != 1)
		return 1;
	return 0;
}

void ch_flush_shared(struct mm_struct *mm)
{
	if (!ch_shared(mm)) { /* expect: mm-users-heuristic */
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
	local_flush_tlb_mm(mm);
}

static bool ch_maybe_single(struct mm_struct *mm, bool force)
{
	if (force)
		return true;
	if (atomic_read(&mm->mm_users) == 1)
		return true;
	return false;
}

void ch_flush_forced(struct mm_struct *mm, bool force)
{
	if (ch_maybe_single(mm, force)) { /* ok: mm-users-heuristic a true result does not say the count was read */
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
}

void ch_flush_after_ipi(struct mm_struct *mm)
{
	int single = atomic_read(&mm->mm_users) == 1;

	ch_ipi_flush(mm);
	if (single) /* ok: mm-users-heuristic both sides flush the same way */
		local_flush_tlb_mm(mm);
	else
		local_flush_tlb_mm(mm);
}
