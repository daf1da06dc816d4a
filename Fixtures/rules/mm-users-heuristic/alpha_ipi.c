#include <linux/mmlint_stub.h>
/*
 * alpha's flush_tlb_mm() (arch/alpha/kernel/smp.c, 6.12): on the single-user side it only
 * zeroes the other CPUs' contexts and returns; the other side sends smp_call_function(
 * ipi_flush_tlb_mm, mm, 1), whose callback flushes with alpha's own local flush,
 * flush_tlb_current() (a macro over ev5_flush_tlb_current()). The shootdown the single-user
 * side skips is the finding. Quiet where the callback flushes nothing (a statistics IPI).
 */

struct ai_ctx {
	unsigned long context[8];
};

struct ai_ctx *ai_ctx_of(struct mm_struct *mm);
void __load_new_mm_context(struct mm_struct *mm);
void ai_count(void *x);
void preempt_disable(void);
void preempt_enable(void);
void smp_call_function(void (*func)(void *info), void *info, int wait);

static inline void ev5_flush_tlb_current(struct mm_struct *mm)
{
	__load_new_mm_context(mm);
}
#define flush_tlb_current	ev5_flush_tlb_current

static void ai_ipi_flush_tlb_mm(void *x)
{
	struct mm_struct *mm = x;

	if (mm == current->active_mm)
		flush_tlb_current(mm);
	else
		ai_ctx_of(mm)->context[smp_processor_id()] = 0;
}

void ai_flush_tlb_mm(struct mm_struct *mm)
{
	preempt_disable();
	if (mm == current->active_mm) {
		flush_tlb_current(mm);
		if (atomic_read(&mm->mm_users) <= 1) { /* expect: mm-users-heuristic the ipi is skipped */
			int cpu, this_cpu = smp_processor_id();

			for (cpu = 0; cpu < 8; cpu++)
				if (cpu != this_cpu)
					ai_ctx_of(mm)->context[cpu] = 0;
			preempt_enable();
			return;
		}
	}
	smp_call_function(ai_ipi_flush_tlb_mm, mm, 1);
	preempt_enable();
}

void ai_count_users(struct mm_struct *mm)
{
	if (atomic_read(&mm->mm_users) <= 1) /* ok: mm-users-heuristic the ipi only counts */
		return;
	smp_call_function(ai_count, mm, 1);
}
