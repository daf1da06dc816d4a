#include <linux/mmlint_stub.h>
/*
 * The counter read through a pointer kept in a local (`atomic_t *users = &mm->mm_users; if
 * (atomic_read(users) == 1)`): the same single-user test as the read spelled in place. Quiet
 * where the local points at another counter.
 */

struct pa_ctx {
	atomic_t refs;
};

void pa_flush_tlb_mm(struct mm_struct *mm)
{
	atomic_t *users = &mm->mm_users;

	if (atomic_read(users) == 1 && current->active_mm == mm) { /* expect: mm-users-heuristic */
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
	local_flush_tlb_mm(mm);
}

void pa_flush_other_counter(struct mm_struct *mm, struct pa_ctx *c)
{
	atomic_t *refs = &c->refs;

	if (atomic_read(refs) == 1) { /* ok: mm-users-heuristic not the mm count */
		local_flush_tlb_mm(mm);
		return;
	}
	flush_tlb_others(mm_cpumask(mm), mm);
}
