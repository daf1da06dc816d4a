#include <linux/mmlint_stub.h>
/*
 * A pin's result kept in a local assigned on some paths only: a path on which the local was
 * never assigned reads no value (undefined), so the code assumes the paths that assigned it.
 * 6.5-6.11's scoped_guard() is such a loop: `for (CLASS(mutex, scope)(l), *done = NULL;
 * lock_ptr(&scope) && !done; done = (void *)1)` has a way out before the body runs (a NULL
 * guard pointer) on which `alive` was never assigned.
 */

DEFINE_GUARD(mutex, struct mutex *, mutex_lock(_T), mutex_unlock(_T))

struct ul_ctx {
	struct mutex lock;
	struct mm_struct *mm;	/* mmgrab() at open */
	unsigned long addr;
	char buf[8];
};

int ul_open(struct ul_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	return 0;
}

bool ul_may_pin(struct ul_ctx *c);

int ul_scoped(struct ul_ctx *c)
{
	bool alive;
	int ret;

	scoped_guard(mutex, &c->lock)
		alive = mmget_not_zero(c->mm);
	if (!alive)
		return -ESRCH;
	ret = access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* ok: mmgrab-only-access */
	mmput(c->mm);
	return ret;
}

int ul_branch(struct ul_ctx *c)
{
	bool alive;

	if (ul_may_pin(c))
		alive = mmget_not_zero(c->mm);
	if (!alive)
		return -ESRCH;
	access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* ok: mmgrab-only-access */
	mmput(c->mm);
	return 0;
}

int ul_loop(struct ul_ctx *c)
{
	bool alive;
	void *done;

	for (done = NULL; ul_may_pin(c) && !done; done = (void *)1)
		alive = mmget_not_zero(c->mm);
	if (alive) {
		access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* ok: mmgrab-only-access */
		mmput(c->mm);
	}
	return 0;
}

/* Still reported: the local assigned on every path, false on one. */
int ul_assigned_false(struct ul_ctx *c)
{
	bool alive = false;

	if (ul_may_pin(c))
		alive = mmget_not_zero(c->mm);
	access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* expect: mmgrab-only-access */
	if (alive)
		mmput(c->mm);
	return 0;
}

/* Still reported: the local is never tested before the use. */
int ul_untested(struct ul_ctx *c)
{
	bool alive;

	scoped_guard(mutex, &c->lock)
		alive = mmget_not_zero(c->mm);
	access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* expect: mmgrab-only-access */
	if (alive)
		mmput(c->mm);
	return 0;
}

/* A static local holds the last call's value: never "unassigned", never its initializer. */
int ul_static(struct ul_ctx *c)
{
	static bool warned;

	if (!warned) {
		warned = true;
		access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* expect: mmgrab-only-access */
	}
	return 0;
}
