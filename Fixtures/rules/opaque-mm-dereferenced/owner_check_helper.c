#include <linux/mmlint_stub.h>
/*
 * A key (no reference) compared with current->mm by a helper before it is read (spelled ==
 * and !=): the mm is the running task's own there. Compared with something else, the read
 * is still the error.
 */

struct ok_ctx {
	struct mm_struct *mm;		/* no reference: a key */
	struct task_struct *owner;
};

int ok_open(struct ok_ctx *c)
{
	c->mm = current->mm;
	c->owner = current;
	return 0;
}

static bool ok_owner(const struct ok_ctx *c)
{
	return c->mm == current->mm;
}

static bool ok_foreign(const struct ok_ctx *c)
{
	return current->mm != c->mm;
}

static bool ok_same_task(const struct ok_ctx *c)
{
	return c->owner == current;
}

unsigned long ok_stack(struct ok_ctx *c)
{
	if (!ok_owner(c))
		return 0;
	return c->mm->start_stack; /* ok: opaque-mm-dereferenced */
}

unsigned long ok_brk(struct ok_ctx *c)
{
	if (ok_foreign(c))
		return 0;
	return c->mm->brk; /* ok: opaque-mm-dereferenced */
}

struct oq_ctx {
	struct mm_struct *mm;		/* no reference: a key */
	struct task_struct *owner;
};

int oq_open(struct oq_ctx *c)
{
	c->mm = current->mm;
	c->owner = current;
	return 0;
}

static bool oq_same_task(const struct oq_ctx *c)
{
	return c->owner == current;
}

unsigned long oq_stack(struct oq_ctx *c)
{
	if (!oq_same_task(c))
		return 0;
	return c->mm->start_stack; /* expect: opaque-mm-dereferenced */
}
