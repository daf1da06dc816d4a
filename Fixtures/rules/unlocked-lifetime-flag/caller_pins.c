#include <linux/mmlint_stub.h>
/*
 * The flag is a fast path when the caller pins the mm before the helper that uses it (AMD
 * IOMMUv2's fault work: `if (pasid_state->invalid) …; if (!mmget_not_zero(mm)) …;` then the
 * fault handled in a helper; nouveau_svm_fault() → nouveau_range_fault()). The helper reads
 * the mm from the object, from a local copy of the member, or as a parameter. Without the
 * pin, or with a pin of another object's mm, the flag is the only guard.
 */

struct cp_state {
	struct mmu_notifier mn;
	struct mm_struct *mm;
	bool invalid;
};

struct cp_other {
	struct mm_struct *mm;
};

static void cp_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct cp_state *ps = container_of(mn, struct cp_state, mn);

	ps->invalid = true;
}

static const struct mmu_notifier_ops cp_ops = {
	.release = cp_release,
};

static long cp_fault_member(struct cp_state *ps, unsigned long addr, struct page **pages)
{
	return get_user_pages_remote(ps->mm, addr, 1, 0, pages, NULL);
}

static long cp_fault_local(struct cp_state *ps, unsigned long addr, struct page **pages)
{
	struct mm_struct *mm = ps->mm;

	return get_user_pages_remote(mm, addr, 1, 0, pages, NULL);
}

static long cp_fault_param(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return get_user_pages_remote(mm, addr, 1, 0, pages, NULL);
}

long cp_work(struct cp_state *ps, unsigned long addr, struct page **pages)
{
	long n;

	if (ps->invalid) /* ok: unlocked-lifetime-flag (the caller pins before the helper) */
		return -ESRCH;
	if (!mmget_not_zero(ps->mm))
		return -ESRCH;
	n = cp_fault_member(ps, addr, pages);
	n += cp_fault_local(ps, addr, pages);
	n += cp_fault_param(ps->mm, addr, pages);
	mmput(ps->mm);
	return n;
}

long cp_work_unpinned(struct cp_state *ps, unsigned long addr, struct page **pages)
{
	if (ps->invalid) /* expect: unlocked-lifetime-flag */
		return -ESRCH;
	return cp_fault_local(ps, addr, pages);
}

long cp_work_other_pin(struct cp_state *ps, struct cp_other *o, unsigned long addr, struct page **pages)
{
	long n;

	if (ps->invalid) /* expect: unlocked-lifetime-flag (the pin is on another mm) */
		return -ESRCH;
	if (!mmget_not_zero(o->mm))
		return -ESRCH;
	n = cp_fault_param(ps->mm, addr, pages);
	mmput(o->mm);
	return n;
}
