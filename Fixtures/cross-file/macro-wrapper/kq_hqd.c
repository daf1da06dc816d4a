#include "kq.h"

/*
 * Called only through kq_funcs.hqd_load: the mm parameter's origin is
 * unknown (function-pointer dispatch), and the borrow happens only when the
 * mm is not the caller's own. Not evidence: silent.
 */
static int kq_hqd_load(struct kq_queue *q, u32 *wptr, struct mm_struct *mm)
{
	u32 val;

	if (kq_read_user_wptr(mm, wptr, val)) /* ok: use-mm-without-mmget */
		q->shadow = val;
	return 0;
}

const struct kq_funcs kq_funcs_v1 = {
	.hqd_load = kq_hqd_load,
};
