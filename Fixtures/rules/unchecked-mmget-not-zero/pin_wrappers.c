#include <linux/mmlint_stub.h>
/*
 * The pin taken by a helper of the driver that says by its result whether it pinned: the
 * caller holds mm_users only on that side. Dropping on the other side (the classic `goto
 * out` that puts on every way out) underflows mm_users, as with mmget_not_zero() itself.
 * Spellings: bool helpers (the pin's result returned, through a local, `&&`, constants) and
 * 0-or-errno helpers (`if (!pin) return -ESRCH; return 0;`, `?:`), tested as `if (ret)`,
 * `if (ret < 0)`, `if (!helper())`; helpers on the parameter itself and on a member.
 */

struct pw_ctx {
	struct mm_struct *mm;		/* mmgrab() only */
	unsigned long addr;
};

int pw_copy(struct mm_struct *mm, unsigned long addr, void *buf);

static bool pw_pin(struct pw_ctx *c)
{
	return mmget_not_zero(c->mm);
}

static bool pw_pin_checked(struct pw_ctx *c)
{
	return c->mm && mmget_not_zero(c->mm);
}

static bool pw_pin_local(struct pw_ctx *c)
{
	struct mm_struct *mm = c->mm;
	bool ok = mmget_not_zero(mm);

	return ok;
}

static int pw_pin_consts(struct pw_ctx *c)
{
	if (mmget_not_zero(c->mm))
		return 1;
	return 0;
}

static int pw_get_mm(struct pw_ctx *c)
{
	if (!mmget_not_zero(c->mm))
		return -ESRCH;
	return 0;
}

static int pw_get(struct mm_struct *mm)
{
	return mmget_not_zero(mm) ? 0 : -EAGAIN;
}

int pw_read_bool(struct pw_ctx *c, void *buf)
{
	int ret = -ESRCH;

	if (!pw_pin(c))
		goto out;
	ret = pw_copy(c->mm, c->addr, buf);
out:
	mmput(c->mm); /* expect: unchecked-mmget-not-zero */
	return ret;
}

int pw_read_checked(struct pw_ctx *c, void *buf)
{
	int ret = -ESRCH;

	if (pw_pin_checked(c))
		ret = pw_copy(c->mm, c->addr, buf);
	mmput(c->mm); /* expect: unchecked-mmget-not-zero */
	return ret;
}

int pw_read_local(struct pw_ctx *c, void *buf)
{
	bool pinned = pw_pin_local(c);
	int ret = -ESRCH;

	if (pinned)
		ret = pw_copy(c->mm, c->addr, buf);
	mmput(c->mm); /* expect: unchecked-mmget-not-zero */
	return ret;
}

int pw_read_consts(struct pw_ctx *c, void *buf)
{
	int ret = -ESRCH;

	if (pw_pin_consts(c) == 0)
		goto out;
	ret = pw_copy(c->mm, c->addr, buf);
out:
	mmput(c->mm); /* expect: unchecked-mmget-not-zero */
	return ret;
}

int pw_read_errno(struct pw_ctx *c, void *buf)
{
	int ret = pw_get_mm(c);

	if (ret)
		goto out;
	ret = pw_copy(c->mm, c->addr, buf);
out:
	mmput(c->mm); /* expect: unchecked-mmget-not-zero */
	return ret;
}

int pw_read_negative(struct pw_ctx *c, void *buf)
{
	int ret = pw_get(c->mm);

	if (ret < 0)
		goto out;
	ret = pw_copy(c->mm, c->addr, buf);
out:
	mmput(c->mm); /* expect: unchecked-mmget-not-zero */
	return ret;
}

void pw_read_ignored(struct pw_ctx *c, void *buf)
{
	pw_get_mm(c); /* expect: unchecked-mmget-not-zero */
	pw_copy(c->mm, c->addr, buf);
}

/* The fixed forms: the drop only where the helper pinned. */
int pw_read_bool_ok(struct pw_ctx *c, void *buf)
{
	int ret;

	if (!pw_pin(c))
		return -ESRCH;
	ret = pw_copy(c->mm, c->addr, buf);
	mmput(c->mm); /* ok: unchecked-mmget-not-zero */
	return ret;
}

int pw_read_errno_ok(struct pw_ctx *c, void *buf)
{
	int ret = pw_get_mm(c);

	if (ret)
		return ret;
	ret = pw_copy(c->mm, c->addr, buf);
	mmput(c->mm); /* ok: unchecked-mmget-not-zero */
	return ret;
}

int pw_read_negative_ok(struct pw_ctx *c, void *buf)
{
	int ret = pw_get(c->mm);

	if (ret < 0)
		return ret;
	ret = pw_copy(c->mm, c->addr, buf);
	mmput(c->mm); /* ok: unchecked-mmget-not-zero */
	return ret;
}

/* Not a pin helper: it drops what it pinned, and its result says nothing of a reference. */
static int pw_peek(struct pw_ctx *c)
{
	int n = 0;

	if (mmget_not_zero(c->mm)) {
		n = pw_copy(c->mm, c->addr, NULL);
		mmput(c->mm);
	}
	return n;
}

int pw_peek_caller(struct pw_ctx *c)
{
	if (!pw_peek(c))
		return -ESRCH;
	mmdrop(c->mm); /* ok: unchecked-mmget-not-zero */
	return 0;
}
