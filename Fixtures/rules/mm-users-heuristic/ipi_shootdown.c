#include <linux/mmlint_stub.h>
/*
 * mm-users-heuristic, the shootdown sent as a cross-CPU call of a function that flushes the
 * local TLB: arch/sh/kernel/smp.c flush_tlb_mm()/flush_tlb_page() (6.12, a copy of MIPS's):
 * `if (atomic_read(&mm->mm_users) != 1 || current->mm != mm) smp_call_function(flush_tlb_mm_ipi,
 * …); else` only the other CPUs' contexts are zeroed. A cross-CPU call of anything else (a
 * memory barrier, membarrier's fast path) is no shootdown: skipping it stays correct.
 */
#define NR_CPUS 8
int smp_call_function(void (*func)(void *info), void *info, int wait);
void on_each_cpu(void (*func)(void *info), void *info, int wait);
unsigned long *sh_cpu_context(int cpu, struct mm_struct *mm);
bool cpu_online(int cpu);
void preempt_disable(void);
void preempt_enable(void);
void local_flush_tlb_page(struct vm_area_struct *vma, unsigned long page);
void smp_mb(void);

static void sh_flush_tlb_mm_ipi(void *mm)
{
	local_flush_tlb_mm((struct mm_struct *)mm);
}

void sh_flush_tlb_mm(struct mm_struct *mm)
{
	preempt_disable();
	if ((atomic_read(&mm->mm_users) != 1) || (current->mm != mm)) { /* expect: mm-users-heuristic */
		smp_call_function(sh_flush_tlb_mm_ipi, (void *)mm, 1);
	} else {
		int i;

		for (i = 0; i < NR_CPUS; i++)
			if (cpu_online(i) && smp_processor_id() != i)
				*sh_cpu_context(i, mm) = 0;
	}
	local_flush_tlb_mm(mm);
	preempt_enable();
}

struct sh_flush_data {
	struct vm_area_struct *vma;
	unsigned long addr;
};

static void sh_flush_tlb_page_ipi(void *info)
{
	struct sh_flush_data *fd = info;

	local_flush_tlb_page(fd->vma, fd->addr);
}

void sh_flush_tlb_page(struct vm_area_struct *vma, unsigned long page)
{
	preempt_disable();
	if ((atomic_read(&vma->vm_mm->mm_users) != 1) || (current->mm != vma->vm_mm)) { /* expect: mm-users-heuristic */
		struct sh_flush_data fd = { .vma = vma, .addr = page };

		on_each_cpu(sh_flush_tlb_page_ipi, (void *)&fd, 1);
	} else {
		int i;

		for (i = 0; i < NR_CPUS; i++)
			if (smp_processor_id() != i)
				*sh_cpu_context(i, vma->vm_mm) = 0;
	}
	local_flush_tlb_page(vma, page);
	preempt_enable();
}

/* A barrier IPI skipped for a single user: membarrier's shape, correct. */
static void sh_ipi_mb(void *info)
{
	smp_mb();
}

int sh_membarrier(struct mm_struct *mm)
{
	if (atomic_read(&mm->mm_users) == 1) /* ok: mm-users-heuristic */
		return 0;
	smp_call_function(sh_ipi_mb, NULL, 1);
	return 0;
}
