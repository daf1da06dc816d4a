#include <linux/mmlint_stub.h>
/*
 * unchecked-mmget-not-zero (and mm-ref-imbalance): mmget_not_zero() tested through a warning.
 * WARN_ON(cond) keeps !!cond in a local, tests it for the warning, and gives it back as its
 * value: `if (WARN_ON(!mmget_not_zero(mm))) return;` tests one result twice. Formerly the
 * first test consumed the pin and the caller's `if` took both sides: two false errors per
 * site (a reference "not dropped" on the return, the mmput "on the path where the pin
 * failed"). A warning alone, the path going on either way, is still the unchecked case.
 */

struct wn_ctx {
	struct mm_struct *mm;
};

int wn_fault(struct mm_struct *mm, unsigned long addr);

/* WARN_ON() on the failure, then the mm is used as if pinned. */
void wn_warn_only(struct wn_ctx *c, unsigned long addr)
{
	WARN_ON(!mmget_not_zero(c->mm));
	wn_fault(c->mm, addr);
	mmput(c->mm); /* expect: unchecked-mmget-not-zero */
}

/* The result kept, tested later: fine. */
void wn_stored(struct wn_ctx *c, unsigned long addr)
{
	bool pinned = mmget_not_zero(c->mm);

	if (!pinned)
		return;
	wn_fault(c->mm, addr);
	mmput(c->mm); /* ok: unchecked-mmget-not-zero */
}

/* WARN_ON() whose value returns on failure: fine. */
void wn_warn_return(struct wn_ctx *c, unsigned long addr)
{
	if (WARN_ON_ONCE(!mmget_not_zero(c->mm)))
		return; /* ok: mm-ref-imbalance */
	wn_fault(c->mm, addr);
	mmput(c->mm); /* ok: unchecked-mmget-not-zero */
}

/* WARN_ON() (not _ONCE) around the test: fine. */
void wn_warn_on(struct mm_struct *mm, unsigned long addr)
{
	if (WARN_ON(!mmget_not_zero(mm)))
		return; /* ok: mm-ref-imbalance */
	wn_fault(mm, addr);
	mmput(mm); /* ok: unchecked-mmget-not-zero */
}

/* The same shape written out: a local tested, then given back to the caller's test. */
void wn_written_out(struct mm_struct *mm, unsigned long addr)
{
	if (({ int failed = !mmget_not_zero(mm); if (failed) __warn(); failed; }))
		return; /* ok: mm-ref-imbalance */
	wn_fault(mm, addr);
	mmput(mm); /* ok: unchecked-mmget-not-zero */
}
