#include <linux/mmlint_stub.h>
/*
 * mm-users-heuristic, a gap (todo): arch/mips/kernel/smp.c flush_tlb_mm() (5.10 … 6.12). With
 * one user and the mm current, the single-user side sends no IPI and only zeroes the other
 * CPUs' ASIDs; a kernel thread that mmget_not_zero()s and kthread_use_mm()s the mm right after
 * the read keeps running on another CPU with the old ASID's stale entries (the class of sparc64
 * bafb056ce279, powerpc a665eec0a22e). Not seen: the rule wants a consequence on the
 * single-user side (a cpumask trim, a local-only flush); here the consequence is the shootdown
 * the other side does and this side skips — a naive "skipped IPI" would also flag membarrier's
 * correct fast path.
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
	if ((atomic_read(&mm->mm_users) != 1) || (current->mm != mm)) { /* todo: mm-users-heuristic */
		smp_on_other_tlbs(flush_tlb_mm_ipi, mm);
	} else {
		for (cpu = 0; cpu < NR_CPUS; cpu++)
			if (cpu_online(cpu) && cpu != smp_processor_id() && cpu_context(cpu, mm))
				set_cpu_context(cpu, mm, 0);
	}
	drop_mmu_context(mm);
	preempt_enable();
}
