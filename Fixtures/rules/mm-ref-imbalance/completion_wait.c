#include <linux/mmlint_stub.h>
/*
 * A pin on a member, then the function waits on a completion embedded in the same object
 * (`wait_for_completion(&c->done)`): waiting hands nobody the pin (vocabulary keep_nothing), so
 * an error return that skips the put leaks it. Signalling (`complete(&c->done)`) is not such a
 * call: the woken side may take over what it finds.
 */

struct cw_ctx {
	struct mm_struct *mm;		/* mmgrab() at bind */
	struct completion done;
	struct work_struct work;
	int ret;
};

unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
void reinit_completion(struct completion *x);

int cw_wait(struct cw_ctx *c)
{
	if (!mmget_not_zero(c->mm))
		return -ESRCH;
	reinit_completion(&c->done);
	wait_for_completion(&c->done);
	if (c->ret)
		return c->ret; /* expect: mm-ref-imbalance error from the completion leaks the pin */
	mmput(c->mm);
	return 0;
}

int cw_wait_timeout(struct cw_ctx *c)
{
	if (!mmget_not_zero(c->mm))
		return -ESRCH;
	init_completion(&c->done);
	if (!wait_for_completion_timeout(&c->done, 100))
		return -EIO; /* expect: mm-ref-imbalance the timeout leaks the pin */
	mmput(c->mm);
	return 0;
}

int cw_wait_good(struct cw_ctx *c)
{
	int ret;

	if (!mmget_not_zero(c->mm))
		return -ESRCH;
	reinit_completion(&c->done);
	wait_for_completion(&c->done);
	ret = c->ret;
	mmput(c->mm);
	return ret; /* ok: mm-ref-imbalance dropped on every path */
}

int cw_bind(struct cw_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	return 0;
}
