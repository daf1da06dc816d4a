#include "mm.h"
/*
 * A second file of the unit using the shared header's scope-based put: with two takers the
 * header goes into a run's precompiled header, and the put's body must be found there too
 * (a parse with a PCH does not walk the PCH's declarations).
 */

int cs_double(struct task_struct *t, void *buf)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);
	int n;

	if (!mm)
		return -ESRCH;
	n = access_remote_vm(mm, 0, buf, 8, 0);
	mmput(mm); /* expect: mm-ref-imbalance */
	return n;
}

int cs_single(struct task_struct *t, void *buf)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	return access_remote_vm(mm, 0, buf, 8, 0); /* ok: mm-ref-imbalance */
}
