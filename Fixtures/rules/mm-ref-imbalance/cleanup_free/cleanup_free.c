#include "mm.h"
/*
 * mm-ref-imbalance with scope-based puts (include/linux/cleanup.h): a reference held in a
 * __free(mmput) variable is dropped by the compiler when the variable's scope ends, on every
 * path; no_free_ptr()/return_ptr() hand it on instead (the variable is left NULL).
 * Reported: the same function with a plain variable and an early return that forgets mmput();
 * an explicit mmput() of a __free(mmput) variable (the scope's put drops it again: reported at
 * the explicit put), whether the put's body tests `if (_T)` or IS_ERR_OR_NULL().
 */

struct cf_ctx {
	struct mm_struct *mm;
};

int cf_read(struct task_struct *t, void *buf, int len)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	if (len > 64)
		return -EINVAL; /* ok: mm-ref-imbalance */
	return access_remote_vm(mm, 0, buf, len, 0); /* ok: mm-ref-imbalance */
}

struct mm_struct *cf_take(struct task_struct *t)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);

	if (!mm)
		return NULL;
	return_ptr(mm); /* ok: mm-ref-imbalance */
}

int cf_attach(struct cf_ctx *c, struct task_struct *t)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	c->mm = no_free_ptr(mm); /* ok: mm-ref-imbalance */
	return 0;
}

int cf_read_plain(struct task_struct *t, void *buf, int len)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	if (len > 64)
		return -EINVAL; /* expect: mm-ref-imbalance */
	len = access_remote_vm(mm, 0, buf, len, 0);
	mmput(mm);
	return len;
}

int cf_double(struct task_struct *t, void *buf, int len)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	len = access_remote_vm(mm, 0, buf, len, 0);
	mmput(mm); /* expect: mm-ref-imbalance */
	return len;
}

DEFINE_FREE(mmput_err, struct mm_struct *, if (!IS_ERR_OR_NULL(_T)) mmput(_T))

int cf_double_err(struct task_struct *t, void *buf)
{
	struct mm_struct *mm __free(mmput_err) = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	if (access_remote_vm(mm, 0, buf, 8, 0) < 0) {
		mmput(mm); /* expect: mm-ref-imbalance */
		return -EFAULT;
	}
	return 0; /* ok: mm-ref-imbalance */
}

int cf_handed(struct cf_ctx *c, struct task_struct *t)
{
	struct mm_struct *mm __free(mmput_err) = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	c->mm = no_free_ptr(mm);
	mmput(c->mm); /* ok: mm-ref-imbalance */
	return 0;
}
