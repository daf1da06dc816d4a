#include <linux/mmlint_stub.h>
/*
 * A helper that hands its caller the reference get_task_mm() took — directly,
 * through a local, beside an error-pointer return — is an acquisition in the
 * caller; so is one handed back through an out-parameter, held on the result's side that
 * says it was taken: zero for a 0-or-errno function, true for a bool one (a failure leaves
 * nothing to drop), also tested as `ret < 0` / `ret >= 0` (zero is the only non-negative
 * result of a function that returns no positive constant). One returning 1 or 0 (`return
 * *out ? 1 : 0;`) is read as a bool, and so is one returning 0 and other positive constants (a
 * count: `return want > 1 ? 2 : 1;`, once a known miss); negative and positive constants
 * together are not read (wr_mixed_out: todo).
 */

static struct mm_struct *wr_get(struct task_struct *t)
{
	return get_task_mm(t);
}

static struct mm_struct *wr_get_or_err(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return ERR_PTR(-ESRCH);
	return mm;
}

int wr_leak(struct task_struct *t, void *buf, int len)
{
	struct mm_struct *mm = wr_get(t);
	int ret;

	if (!mm)
		return -ESRCH;
	if (len > 64)
		return -EINVAL; /* expect: mm-ref-imbalance */
	ret = access_remote_vm(mm, 0, buf, len, 0);
	mmput(mm);
	return ret;
}

int wr_err_leak(struct task_struct *t, void *buf, int len)
{
	struct mm_struct *mm = wr_get_or_err(t);
	int ret;

	if (IS_ERR(mm))
		return PTR_ERR(mm);
	if (len > 64)
		return -EINVAL; /* expect: mm-ref-imbalance */
	ret = access_remote_vm(mm, 0, buf, len, 0);
	mmput(mm); /* ok: mm-ref-imbalance */
	return ret;
}

static int wr_get_out(struct task_struct *t, struct mm_struct **out)
{
	*out = get_task_mm(t);
	return *out ? 0 : -ESRCH;
}

int wr_out_leak(struct task_struct *t, void *buf, int len)
{
	struct mm_struct *mm;
	int ret = wr_get_out(t, &mm);

	if (ret)
		return ret;
	if (len > 64)
		return -EINVAL; /* expect: mm-ref-imbalance */
	ret = access_remote_vm(mm, 0, buf, len, 0);
	mmput(mm);
	return ret;
}

int wr_out_fixed(struct task_struct *t, void *buf, int len)
{
	struct mm_struct *mm;
	int ret = wr_get_out(t, &mm);

	if (ret)
		return ret; /* ok: mm-ref-imbalance */
	if (len > 64) {
		mmput(mm);
		return -EINVAL; /* ok: mm-ref-imbalance */
	}
	ret = access_remote_vm(mm, 0, buf, len, 0);
	mmput(mm);
	return ret; /* ok: mm-ref-imbalance */
}

struct wr_ctx {
	struct mm_struct *mm;
	int busy;
};

static bool wr_try_get(struct task_struct *t, struct mm_struct **mmp)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return false;
	*mmp = mm;
	return true;
}

int wr_bool_in_if(struct wr_ctx *c, struct task_struct *t)
{
	if (!wr_try_get(t, &c->mm))
		return -ESRCH; /* ok: mm-ref-imbalance */
	if (c->busy)
		return -EBUSY; /* expect: mm-ref-imbalance */
	mmput(c->mm);
	return 0;
}

int wr_out_direct_if(struct task_struct *t, void *buf)
{
	struct mm_struct *mm;

	if (wr_get_out(t, &mm))
		return -ESRCH; /* ok: mm-ref-imbalance */
	if (!buf)
		return -EINVAL; /* expect: mm-ref-imbalance */
	mmput(mm);
	return 0;
}

int wr_out_negative(struct task_struct *t, void *buf)
{
	struct mm_struct *mm;
	int ret = wr_get_out(t, &mm);

	if (ret < 0)
		return ret;
	if (!buf)
		return -EINVAL; /* expect: mm-ref-imbalance */
	mmput(mm);
	return 0;
}

int wr_out_nonneg(struct task_struct *t, void *buf)
{
	struct mm_struct *mm;
	int ret = wr_get_out(t, &mm);

	if (ret >= 0) {
		if (!buf)
			return -EINVAL; /* expect: mm-ref-imbalance */
		mmput(mm);
	}
	return ret; /* ok: mm-ref-imbalance */
}

static int wr_count_out(struct task_struct *t, struct mm_struct **out)
{
	*out = get_task_mm(t);
	return *out ? 1 : 0;
}

int wr_count_caller(struct task_struct *t, void *buf)
{
	struct mm_struct *mm;

	if (!wr_count_out(t, &mm))
		return -ESRCH; /* ok: mm-ref-imbalance */
	if (!buf)
		return -EINVAL; /* expect: mm-ref-imbalance */
	mmput(mm);
	return 0; /* ok: mm-ref-imbalance */
}

static int wr_many_out(struct task_struct *t, struct mm_struct **out, int want)
{
	*out = get_task_mm(t);
	if (!*out)
		return 0;
	return want > 1 ? 2 : 1;
}

int wr_many_caller(struct task_struct *t, void *buf)
{
	struct mm_struct *mm;
	int n = wr_many_out(t, &mm, 2);

	if (n == 2)
		return -EINVAL; /* expect: mm-ref-imbalance */
	if (n)
		mmput(mm);
	return 0;
}

/*
 * 1 on success, 0 or -ESRCH otherwise: negative and positive constants together are read as no
 * convention, so the leak on `== 1` is not seen (todo: the taken side would need each return's
 * own path, not the set of constants).
 */
static int wr_mixed_out(struct task_struct *t, struct mm_struct **out)
{
	if (!t)
		return -ESRCH;
	*out = get_task_mm(t);
	return *out ? 1 : 0;
}

int wr_mixed_caller(struct task_struct *t)
{
	struct mm_struct *mm;

	if (wr_mixed_out(t, &mm) == 1)
		return -EINVAL; /* todo: mm-ref-imbalance */
	return 0;
}

/* A put that skips NULL or an error pointer drops on every path where there is a reference. */
static void wr_put_maybe(struct mm_struct *mm)
{
	if (mm)
		mmput(mm);
}

static void wr_put_err(struct mm_struct *mm)
{
	if (IS_ERR_OR_NULL(mm))
		return;
	mmput(mm);
}

static void wr_put_slot(void *p)
{
	struct mm_struct *mm = *(struct mm_struct **)p;

	if (!mm)
		return;
	mmput(mm);
}

int wr_put_twice(struct task_struct *t, void *buf)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	access_remote_vm(mm, 0, buf, 8, 0);
	wr_put_maybe(mm);
	wr_put_err(mm); /* expect: mm-ref-imbalance */
	return 0;
}

int wr_put_slot_twice(struct task_struct *t, void *buf)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	access_remote_vm(mm, 0, buf, 8, 0);
	mmput(mm);
	wr_put_slot(&mm); /* expect: mm-ref-imbalance */
	return 0;
}

int wr_put_once(struct task_struct *t, void *buf)
{
	struct mm_struct *mm = get_task_mm(t);

	access_remote_vm(mm, 0, buf, 8, 0);
	wr_put_maybe(mm); /* ok: mm-ref-imbalance */
	return 0; /* ok: mm-ref-imbalance */
}
