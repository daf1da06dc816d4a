#include <linux/mmlint_stub.h>
/*
 * A reference on a parameter or on an object's member that every successful way out drops,
 * while an error return leaves it taken: the function keeps nothing for its caller, so that
 * error path leaks it (mm_users: the whole address space outlives the process).
 * Spellings: mmget() on the parameter, mmgrab() on a member, get on a member then an early
 * -errno; the fixed forms, a function that keeps the reference on success (attach), and
 * -EIOCBQUEUED (the completion drops it).
 */

struct ek_ctx {
	struct mm_struct *mm;
	int len;
};

int ek_walk(struct mm_struct *mm, void *buf, int len);
int ek_bind(struct mm_struct *mm);
bool ek_queue(struct ek_ctx *c);

int ek_read(struct mm_struct *mm, void *buf, int len)
{
	mmget(mm);
	if (len > 64)
		return -EINVAL; /* expect: mm-ref-imbalance */
	ek_walk(mm, buf, len);
	mmput(mm);
	return 0;
}

int ek_member(struct ek_ctx *c, void *buf)
{
	int ret;

	mmgrab(c->mm);
	if (!buf)
		return -EFAULT; /* expect: mm-ref-imbalance */
	ret = ek_walk(c->mm, buf, c->len);
	mmdrop(c->mm);
	return ret;
}

long ek_member_users(struct ek_ctx *c, void *buf)
{
	long ret = 0;

	mmget(c->mm);
	if (c->len < 0)
		return -ENODEV; /* expect: mm-ref-imbalance */
	if (buf)
		ret = ek_walk(c->mm, buf, c->len);
	mmput(c->mm);
	return ret;
}

/* Fixed: the error path drops too. */
int ek_read_ok(struct mm_struct *mm, void *buf, int len)
{
	mmget(mm);
	if (len > 64) {
		mmput(mm);
		return -EINVAL; /* ok: mm-ref-imbalance */
	}
	ek_walk(mm, buf, len);
	mmput(mm);
	return 0;
}

/* Keeps the reference on success (the unbind drops it): the error path dropping is the fix. */
int ek_attach(struct ek_ctx *c)
{
	mmget(c->mm);
	if (ek_bind(c->mm)) {
		mmput(c->mm);
		return -EBUSY;
	}
	return 0; /* ok: mm-ref-imbalance */
}

/* Queued: the completion drops the reference. */
int ek_submit(struct ek_ctx *c)
{
	mmget(c->mm);
	if (ek_queue(c))
		return -EIOCBQUEUED; /* ok: mm-ref-imbalance */
	mmput(c->mm);
	return 0;
}
