#include <linux/mmlint_stub.h>
/*
 * mm-users-heuristic: arch/mips/kernel/smp.c flush_tlb_mm() (5.10 … 6.12). With one user and
 * the mm current, the single-user side sends no IPI and only zeroes the other CPUs' ASIDs; a
 * kernel thread that mmget_not_zero()s and kthread_use_mm()s the mm right after the read keeps
 * running on another CPU with the old ASID's stale entries (the class of sparc64 bafb056ce279,
 * powerpc a665eec0a22e). The consequence is the shootdown (`shootdowns`) the other side sends
 * and this side skips (formerly a todo: the rule wanted a consequence on the single-user side).
 * Quiet: the shootdown on both sides, and membarrier's fast path (an IPI that is no TLB
 * shootdown: skipping it stays correct).
 */
#define NR_CPUS 8
void smp_on_other_tlbs(void (*func)(void *info), void *info);
void flush_tlb_mm_ipi(void *mm);
void drop_mmu_context(struct mm_struct *mm);
unsigned long cpu_context(int cpu, struct mm_struct *mm);
void set_cpu_context(int cpu, struct mm_struct *mm, unsigned long v);
bool cpu_online(int cpu);
void preempt_disable(void);
void preempt_enable(void);

void mips_flush_tlb_mm(struct mm_struct *mm)
{
	int cpu;

	preempt_disable();
	if ((atomic_read(&mm->mm_users) != 1) || (current->mm != mm)) { /* expect: mm-users-heuristic */
		smp_on_other_tlbs(flush_tlb_mm_ipi, mm);
	} else {
		for (cpu = 0; cpu < NR_CPUS; cpu++)
			if (cpu_online(cpu) && cpu != smp_processor_id() && cpu_context(cpu, mm))
				set_cpu_context(cpu, mm, 0);
	}
	drop_mmu_context(mm);
	preempt_enable();
}

/* Both sides shoot down: the test only picks how the local ASID is dropped. */
void mips_flush_tlb_mm_both(struct mm_struct *mm)
{
	preempt_disable();
	if (atomic_read(&mm->mm_users) != 1) { /* ok: mm-users-heuristic */
		smp_on_other_tlbs(flush_tlb_mm_ipi, mm);
		drop_mmu_context(mm);
	} else {
		smp_on_other_tlbs(flush_tlb_mm_ipi, mm);
	}
	preempt_enable();
}

/* membarrier's private expedited command: a single user needs no barrier IPI at all. */
void smp_call_function_many(const struct cpumask *mask, void (*func)(void *info), void *info, bool wait);
void ipi_mb(void *info);

int membarrier_private_expedited(struct mm_struct *mm, const struct cpumask *cpus)
{
	if (atomic_read(&mm->mm_users) == 1) /* ok: mm-users-heuristic */
		return 0;
	smp_call_function_many(cpus, ipi_mb, NULL, true);
	return 0;
}
