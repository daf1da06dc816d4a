#include <linux/mmlint_stub.h>
/*
 * Known miss (thirtieth session's probes), a todo until the reference walk follows a pin's
 * result stored into a member as it follows one stored into a local: the result kept in
 * `c->pinned`, a use under the member's test, then a put whatever the member says — where the
 * pin failed, the put drops a reference nobody took (mm_users underflows, exit_mmap() runs under
 * the owner). The same with a local is reported (results.c, stored_untested.c).
 */

struct um_ctx {
	struct mm_struct *mm;		/* mmgrab() at open */
	unsigned long addr;
	bool pinned;
};

static int um_copy(struct um_ctx *c)
{
	char b[8];

	return access_remote_vm(c->mm, c->addr, b, sizeof(b), 0);
}

void um_open(struct um_ctx *c)
{
	c->mm = current->mm;
	mmgrab(c->mm);
}

void um_member_flag(struct um_ctx *c)
{
	c->pinned = mmget_not_zero(c->mm);
	if (c->pinned)
		um_copy(c);
	mmput(c->mm); /* todo: unchecked-mmget-not-zero put whatever the member flag says */
}

void um_member_flag_ok(struct um_ctx *c)
{
	c->pinned = mmget_not_zero(c->mm);
	if (!c->pinned)
		return;
	um_copy(c);
	mmput(c->mm); /* ok: unchecked-mmget-not-zero the member was tested */
}
