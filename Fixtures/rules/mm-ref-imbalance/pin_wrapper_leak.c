#include <linux/mmlint_stub.h>
/*
 * A pin taken through the driver's own helper (bool, or 0-or-errno) is the caller's to drop
 * on the side where the helper pinned; a return on that side without mmput() leaks it.
 */

struct pl_ctx {
	struct mm_struct *mm;		/* mmgrab() only */
};



static bool pl_pin(struct pl_ctx *c)
{
	return mmget_not_zero(c->mm);
}

static int pl_get_mm(struct pl_ctx *c)
{
	if (!mmget_not_zero(c->mm))
		return -ESRCH;
	return 0;
}

int pl_bool_leak(struct pl_ctx *c, void *buf)
{
	if (!pl_pin(c))
		return -ESRCH;
	if (access_remote_vm(c->mm, 0, buf, 8, 0))
		return -EIO; /* expect: mm-ref-imbalance */
	mmput(c->mm);
	return 0;
}

int pl_errno_leak(struct pl_ctx *c, void *buf)
{
	int ret = pl_get_mm(c);

	if (ret)
		return ret;
	ret = access_remote_vm(c->mm, 0, buf, 8, 0);
	if (ret)
		return ret; /* expect: mm-ref-imbalance */
	mmput(c->mm);
	return 0;
}

int pl_errno_ok(struct pl_ctx *c, void *buf)
{
	int ret = pl_get_mm(c);

	if (ret)
		return ret;
	ret = access_remote_vm(c->mm, 0, buf, 8, 0);
	mmput(c->mm);
	return ret; /* ok: mm-ref-imbalance */
}
