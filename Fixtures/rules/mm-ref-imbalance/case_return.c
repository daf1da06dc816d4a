#include <linux/mmlint_stub.h>
/*
 * A conditional pin dropped at the end of a switch, with one case returning a constant before
 * it (`case PROBE: return 0;`): the other success exit returns a value not known here (`return
 * ret;` after mmput()), which may be that constant too, so the case is no getter handing the
 * pin to its caller — it leaks. Spelled on the member and through a local copy of it. A
 * getter whose every exit without the pin returns a known error (a constant, an errno local)
 * hands the pin on: quiet.
 */

enum cr_op { CR_READ, CR_WRITE, CR_PROBE };

struct cr_proc {
	struct mm_struct *mm;	/* mmgrab() at open */
	unsigned long va;
};

int cr_access(struct mm_struct *mm, unsigned long va, int write);

int cr_op(struct cr_proc *p, enum cr_op op)
{
	int ret;

	if (!mmget_not_zero(p->mm))
		return -ESRCH;
	switch (op) {
	case CR_READ:
		ret = cr_access(p->mm, p->va, 0);
		break;
	case CR_PROBE:
		return 0; /* expect: mm-ref-imbalance the probe case keeps the pin */
	default:
		ret = -EINVAL;
		break;
	}
	mmput(p->mm);
	return ret;
}

int cr_op_local(struct cr_proc *p, enum cr_op op)
{
	struct mm_struct *mm = p->mm;
	int ret;

	if (!mmget_not_zero(mm))
		return -ESRCH;
	if (op == CR_PROBE)
		return 1; /* expect: mm-ref-imbalance the probe keeps the pin */
	ret = cr_access(mm, p->va, op == CR_WRITE);
	mmput(mm);
	return ret;
}

int cr_pin(struct cr_proc *p)
{
	int err = -ESRCH;

	if (!mmget_not_zero(p->mm))
		return err;
	return 0; /* ok: mm-ref-imbalance a getter the caller puts after */
}

int cr_pin_plain(struct cr_proc *p)
{
	if (!mmget_not_zero(p->mm))
		return -ESRCH;
	return 0; /* ok: mm-ref-imbalance a getter the caller puts after */
}

int cr_use(struct cr_proc *p)
{
	int ret;

	if (cr_pin(p))
		return -ESRCH;
	ret = cr_access(p->mm, p->va, 0);
	mmput(p->mm);
	return ret;
}
