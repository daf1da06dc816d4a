#include <linux/mmlint_stub.h>
/*
 * An "errno gate": the failed pin stores an error in a local that held 0 (or
 * true) before, and later blocks run only where the local still says success.
 * The success value was stored before the pin, so what the local's later test
 * tells is what held at the end of each path into the join, not what held
 * where the constant was stored. Quiet behind the gate; reported outside it.
 */

struct eg_ctx {
	struct mm_struct *mm;		/* mmgrab() at open */
	unsigned long addr;
	struct page *page;
	char buf[16];
};

int eg_open(struct eg_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	return 0;
}

/* 1: ret = 0, the failure stores -ESRCH, `if (!ret)` gates the work. */
long eg_ret_gate(struct eg_ctx *c)
{
	long ret = 0;

	if (!mmget_not_zero(c->mm))
		ret = -ESRCH;

	if (!ret) {
		mmap_read_lock(c->mm);
		ret = get_user_pages_remote(c->mm, c->addr, 1, FOLL_WRITE, &c->page, NULL); /* ok: mmgrab-only-access */
		mmap_read_unlock(c->mm);
		mmput(c->mm); /* ok: unchecked-mmget-not-zero */
	}
	return ret;
}

/* 2: the twin with the work outside the gate. */
long eg_ret_gate_bad(struct eg_ctx *c)
{
	long ret = 0, n;

	if (!mmget_not_zero(c->mm))
		ret = -ESRCH;

	mmap_read_lock(c->mm);
	n = get_user_pages_remote(c->mm, c->addr, 1, FOLL_WRITE, &c->page, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(c->mm);
	if (!ret)
		mmput(c->mm);
	return ret ? ret : n;
}

/* 3: a bool that starts true and is cleared on failure; `== 0` spelled out. */
int eg_bool_gate(struct eg_ctx *c)
{
	bool ok = true;
	int err = 0;

	if (mmget_not_zero(c->mm) == 0)
		ok = false;
	if (ok) {
		err = access_remote_vm(c->mm, c->addr, c->buf, 4, 0); /* ok: mmgrab-only-access */
		mmput(c->mm); /* ok: unchecked-mmget-not-zero */
	}
	return err;
}

/* 4: an early return on the stored error, then the work. */
int eg_early_return(struct eg_ctx *c)
{
	int rc = 0;

	if (!mmget_not_zero(c->mm))
		rc = -EFAULT;
	if (rc)
		return rc;
	rc = access_remote_vm(c->mm, c->addr, c->buf, 4, 0); /* ok: mmgrab-only-access */
	mmput(c->mm); /* ok: unchecked-mmget-not-zero */
	return rc;
}

/* 5: the gate tests the wrong sense: the work runs exactly where the pin failed. */
int eg_inverted(struct eg_ctx *c)
{
	int rc = 0;

	if (!mmget_not_zero(c->mm))
		rc = -EFAULT;
	if (rc)
		rc = access_remote_vm(c->mm, c->addr, c->buf, 4, 0); /* expect: mmgrab-only-access */
	else
		mmput(c->mm);
	return rc;
}

/* 6: the result kept in an int and switched on; case 0 stores the error and falls through. */
/* (Spelled `case 1:` instead of `default:`, mm-ref-imbalance reports the leak on the int's other values.) */
int eg_switch(struct eg_ctx *c)
{
	int state = mmget_not_zero(c->mm);
	int ret = 0;

	switch (state) {
	case 0:
		ret = -ESRCH;
		fallthrough;
	default:
		if (!ret) {
			ret = access_remote_vm(c->mm, c->addr, c->buf, 4, 0); /* ok: mmgrab-only-access */
			mmput(c->mm); /* ok: unchecked-mmget-not-zero */
		}
		break;
	}
	return ret;
}

/* 7: the gate value overwritten by the work's own result before the second use. */
int eg_overwritten(struct eg_ctx *c)
{
	int ret = 0;

	if (!mmget_not_zero(c->mm))
		ret = -ESRCH;
	if (!ret) {
		ret = access_remote_vm(c->mm, c->addr, c->buf, 4, 0); /* ok: mmgrab-only-access */
		mmput(c->mm);
	}
	if (!ret)
		access_remote_vm(c->mm, c->addr + 8, c->buf + 8, 4, 0); /* expect: mmgrab-only-access */
	return ret;
}
