#include <linux/mmlint_stub.h>
/*
 * A local with a scope-based put handed to a callee that keeps the pointer (an xarray, a
 * list), then emptied so the put does not run (`mm = NULL;`, or 6.16's retain_and_null_ptr()):
 * the reference moved to the container. Emptied with no hand-off, it is lost; given another
 * reference after a hand-off, the first is lost too.
 */

DEFINE_FREE(mmput, struct mm_struct *, if (_T) mmput(_T))

struct xarray { void *head; };
int xa_insert(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
int sh_want(struct mm_struct *mm);

#define retain_and_null_ptr(p)	((void)no_free_ptr(p))

static struct xarray sh_mms;

int sh_track(struct task_struct *t, unsigned long id)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);
	int ret;

	if (!mm)
		return -ESRCH;
	ret = xa_insert(&sh_mms, id, mm, GFP_KERNEL);
	if (ret)
		return ret;
	mm = NULL; /* ok: mm-ref-imbalance */
	return 0;
}

int sh_track_retain(struct task_struct *t, unsigned long id)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);
	int ret;

	if (!mm)
		return -ESRCH;
	ret = xa_insert(&sh_mms, id, mm, GFP_KERNEL);
	if (ret)
		return ret;
	retain_and_null_ptr(mm);
	return 0; /* ok: mm-ref-imbalance */
}

/* BUG: emptied with no hand-off: the reference is lost. */
int sh_forget(struct task_struct *t)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	mm = NULL; /* expect: mm-ref-imbalance */
	return 0;
}

/* BUG: passed to a callee, then given another reference. */
int sh_switch(struct task_struct *a, struct task_struct *b)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(a);

	if (!mm)
		return -ESRCH;
	if (!sh_want(mm))
		mm = get_task_mm(b); /* expect: mm-ref-imbalance */
	return mm ? 0 : -ESRCH;
}
