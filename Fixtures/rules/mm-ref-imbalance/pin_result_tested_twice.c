#include <linux/mmlint_stub.h>
/*
 * mmget_not_zero()'s result kept in a local and tested twice, once to use the mm and once to
 * put it: the second test takes the side the first took, so the reference is balanced
 * (spelled with an int and a bool). Put only on the early return, it leaks on the other.
 */

struct pt_ctx {
	struct mm_struct *mm;
	unsigned long addr;
	char buf[8];
};

void pt_read(struct pt_ctx *c)
{
	int pinned = mmget_not_zero(c->mm); /* ok: mm-ref-imbalance */

	if (pinned)
		access_remote_vm(c->mm, c->addr, c->buf, 8, 0);
	c->addr = 0;
	if (pinned)
		mmput(c->mm);
}

void pt_read_bool(struct pt_ctx *c)
{
	struct mm_struct *mm = c->mm;
	bool held;

	held = mmget_not_zero(mm); /* ok: mm-ref-imbalance */
	if (held)
		mmput(mm);
	if (held)
		c->addr = 0;
}

void pt_read_leak(struct pt_ctx *c)
{
	int pinned = mmget_not_zero(c->mm); /* expect: mm-ref-imbalance */

	if (!c->addr) {
		if (pinned)
			mmput(c->mm);
		return;
	}
	if (pinned)
		access_remote_vm(c->mm, c->addr, c->buf, 8, 0);
}
