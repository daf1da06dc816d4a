#include <linux/mmlint_stub.h>
/*
 * A pin helper that returns its 0-or-errno result through a local (`int ret =
 * mmget_not_zero(c->mm) ? 0 : -ESRCH; return ret;`) is a pin helper like one that returns the
 * constants directly: its callers hold the pin where it returned 0. A caller that jumps to the
 * put where it failed drops a reference it never took; one that tests and borrows is correct.
 */

struct el_ctx {
	struct mm_struct *mm;		/* mmgrab() at open */
	unsigned long uaddr;
	u32 __user *seq;
	struct list_head node;
};

static LIST_HEAD(el_ctxs);

int el_open(struct el_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	return 0;
}

static int el_pin(struct el_ctx *c)
{
	int ret = mmget_not_zero(c->mm) ? 0 : -ESRCH;

	return ret;
}

static int el_pin_assigned(struct el_ctx *c)
{
	int ret;

	if (mmget_not_zero(c->mm))
		ret = 0;
	else
		ret = -ESRCH;
	return ret;
}

int el_read(struct el_ctx *c, u64 *out)
{
	int ret;

	ret = el_pin(c);
	if (ret)
		goto out;
	ret = access_remote_vm(c->mm, c->uaddr, out, sizeof(*out), 0);
out:
	mmput(c->mm); /* expect: unchecked-mmget-not-zero the failed pin jumps to the put */
	return ret;
}

int el_read_ok(struct el_ctx *c, u64 *out)
{
	int ret = el_pin_assigned(c);

	if (ret)
		return ret;
	ret = access_remote_vm(c->mm, c->uaddr, out, sizeof(*out), 0); /* ok: mmgrab-only-access pinned by the helper */
	mmput(c->mm); /* ok: unchecked-mmget-not-zero */
	return ret;
}

static struct work_struct el_work;

static void el_signal_all(struct work_struct *work)
{
	struct el_ctx *c;

	list_for_each_entry(c, &el_ctxs, node) { /* ok: mm-ref-imbalance the worker was handed nothing */
		if (el_pin(c))
			continue;
		kthread_use_mm(c->mm); /* ok: use-mm-without-mmget pinned by the helper */
		put_user(1, c->seq);
		kthread_unuse_mm(c->mm);
		mmput(c->mm); /* ok: mm-ref-imbalance each entry pins and puts */
	}
}

void el_kick(void)
{
	INIT_WORK(&el_work, el_signal_all);
	schedule_work(&el_work);
}
