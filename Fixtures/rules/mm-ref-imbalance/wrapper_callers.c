#include <linux/mmlint_stub.h>
/*
 * Functions that take their reference only through the tree's own helper returning
 * get_task_mm()'s result (they call no mm API themselves): the same walk as a direct caller.
 * A reference not put on an error path, or never put, leaks; a helper call used as a statement
 * loses it; put on every path, or returned, it is fine.
 */

struct wc_ctx {
	struct task_struct *owner;
	unsigned long addr;
	char buf[8];
};

static struct mm_struct *wc_get_mm(struct wc_ctx *c)
{
	return get_task_mm(c->owner);
}

int wc_read(struct wc_ctx *c)
{
	struct mm_struct *mm = wc_get_mm(c);
	int ret;

	if (!mm)
		return -ESRCH;
	ret = access_remote_vm(mm, c->addr, c->buf, 8, 0);
	if (ret < 0)
		return ret; /* expect: mm-ref-imbalance */
	mmput(mm);
	return 0;
}

int wc_peek(struct wc_ctx *c)
{
	struct mm_struct *mm = wc_get_mm(c);

	if (!mm)
		return -ESRCH;
	return access_remote_vm(mm, c->addr, c->buf, 8, 0); /* expect: mm-ref-imbalance */
}

void wc_touch(struct wc_ctx *c)
{
	wc_get_mm(c); /* expect: mm-ref-imbalance */
}

int wc_read_ok(struct wc_ctx *c)
{
	struct mm_struct *mm = wc_get_mm(c);
	int ret;

	if (!mm)
		return -ESRCH;
	ret = access_remote_vm(mm, c->addr, c->buf, 8, 0);
	mmput(mm); /* ok: mm-ref-imbalance */
	return ret < 0 ? ret : 0;
}

struct mm_struct *wc_pass(struct wc_ctx *c)
{
	return wc_get_mm(c); /* ok: mm-ref-imbalance */
}
