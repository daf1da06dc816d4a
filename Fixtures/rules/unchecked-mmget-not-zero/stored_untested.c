#include <linux/mmlint_stub.h>
/*
 * mmget_not_zero()'s result stored and never tested: the put runs also where the pin failed,
 * dropping a reference never taken (spelled with a bool and an int). Stored and tested, it is
 * fine.
 */

struct su_ctx {
	struct mm_struct *mm;
	unsigned long addr;
	char buf[8];
};

int su_walk(struct su_ctx *c)
{
	bool pinned;
	int ret;

	pinned = mmget_not_zero(c->mm); /* expect: unchecked-mmget-not-zero */
	ret = access_remote_vm(c->mm, c->addr, c->buf, 8, 0);
	mmput(c->mm);
	return ret;
}

int su_walk_int(struct su_ctx *c)
{
	int ok = mmget_not_zero(c->mm); /* expect: unchecked-mmget-not-zero */

	access_remote_vm(c->mm, c->addr, c->buf, 8, 0);
	mmput(c->mm);
	return 0;
}

int su_walk_tested(struct su_ctx *c)
{
	bool pinned;
	int ret;

	pinned = mmget_not_zero(c->mm); /* ok: unchecked-mmget-not-zero */
	if (!pinned)
		return -ESRCH;
	ret = access_remote_vm(c->mm, c->addr, c->buf, 8, 0);
	mmput(c->mm);
	return ret;
}
