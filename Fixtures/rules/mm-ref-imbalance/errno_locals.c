#include <linux/mmlint_stub.h>
/*
 * A reference the object keeps, leaked on one error path while another error path drops it,
 * where an error path returns a local holding the errno (`ret = alloc(d); if (ret) goto err;
 * … return ret;`) rather than a negative constant. In a function of the 0-or-errno convention
 * (no return gives a positive constant) a returned local found non-zero on the path, or given
 * a negative constant, is an error. Three spellings; the last two functions are quiet: one
 * returns a positive count (not the convention), one drops on every error path.
 */

struct el_dev {
	struct mm_struct *mm;
	void *buf;
	int len;
};

static int el_alloc(struct el_dev *d)
{
	d->buf = kzalloc(d->len, GFP_KERNEL);
	return d->buf ? 0 : -ENOMEM;
}

static void el_free(struct el_dev *d)
{
	kfree(d->buf);
	d->buf = NULL;
}

static int el_count(struct el_dev *d)
{
	return d->len / 64;
}

/* the dropping path returns the local; the leaking one a constant */
int el_setup_a(struct el_dev *d)
{
	int ret;

	d->mm = get_task_mm(current);
	if (!d->mm)
		return -ESRCH;
	ret = el_alloc(d);
	if (ret)
		goto err_mm;
	if (d->len > 4096) {
		el_free(d);
		return -ENOMEM; /* expect: mm-ref-imbalance second error path forgets the member */
	}
	return 0;
err_mm:
	mmput(d->mm);
	d->mm = NULL;
	return ret;
}

/* the leaking path returns the callee's errno */
int el_setup_b(struct el_dev *d)
{
	int ret;

	d->mm = get_task_mm(current);
	if (!d->mm)
		return -ESRCH;
	if (d->len > 4096) {
		mmput(d->mm);
		d->mm = NULL;
		return -EINVAL;
	}
	ret = el_alloc(d);
	if (ret < 0)
		return ret; /* expect: mm-ref-imbalance errno in a local */
	return 0;
}

/* an errno stored into the local, then a jump past the put */
int el_setup_c(struct el_dev *d)
{
	int ret = 0;

	d->mm = get_task_mm(current);
	if (!d->mm)
		return -ESRCH;
	ret = el_alloc(d);
	if (ret)
		goto err_mm;
	if (d->len > 4096) {
		ret = -ENOMEM;
		goto err_buf;
	}
	return 0;
err_mm:
	mmput(d->mm);
	d->mm = NULL;
err_buf:
	el_free(d);
	return ret; /* expect: mm-ref-imbalance length error skips the put */
}

/* not the convention: a positive count is returned with the reference kept */
int el_setup_count(struct el_dev *d)
{
	int n;

	d->mm = get_task_mm(current);
	if (!d->mm)
		return -ESRCH;
	n = el_count(d);
	if (n < 0) {
		mmput(d->mm);
		d->mm = NULL;
		return -EIO;
	}
	if (n)
		return n; /* ok: mm-ref-imbalance a count not an error */
	return 1;
}

/* every error path drops */
int el_setup_good(struct el_dev *d)
{
	int ret;

	d->mm = get_task_mm(current);
	if (!d->mm)
		return -ESRCH;
	ret = el_alloc(d);
	if (ret)
		goto err_mm;
	if (d->len > 4096) {
		ret = -ENOMEM;
		goto err_buf;
	}
	return 0; /* ok: mm-ref-imbalance the object keeps it */
err_buf:
	el_free(d);
err_mm:
	mmput(d->mm);
	d->mm = NULL;
	return ret; /* ok: mm-ref-imbalance dropped */
}
