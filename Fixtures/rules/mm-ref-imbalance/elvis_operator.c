#include <linux/mmlint_stub.h>
/*
 * GNU `a ?: b` around a reference: `a` is evaluated once, and is the result where it is not
 * zero. `get_task_mm(t) ?: ERR_PTR(-ESRCH)` takes one reference (the mm or an error pointer),
 * `return mm ?: ERR_PTR(-ESRCH)` hands the reference to the caller. Spelled in a getter, in a
 * declaration, in an assignment and as an argument; the leaks are early returns after the
 * error test, the balanced forms put on every way out.
 */

struct el_req {
	struct task_struct *task;
	unsigned long addr;
};

int el_use(struct mm_struct *mm, unsigned long addr)
{
	u64 v;

	return access_remote_vm(mm, addr, &v, sizeof(v), 0) == sizeof(v) ? 0 : -EIO;
}

/* A getter: the reference or an error pointer, never NULL. */
static struct mm_struct *el_get(struct task_struct *t)
{
	return get_task_mm(t) ?: ERR_PTR(-ESRCH); /* ok: mm-ref-imbalance the reference is returned */
}

static struct mm_struct *el_get_local(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	return mm ?: ERR_PTR(-ESRCH); /* ok: mm-ref-imbalance the local is returned */
}

int el_getter_ok(struct el_req *r)
{
	struct mm_struct *mm = el_get(r->task);
	int ret;

	if (IS_ERR(mm))
		return PTR_ERR(mm);
	ret = el_use(mm, r->addr);
	mmput(mm);
	return ret;
}

int el_getter_leak(struct el_req *r)
{
	struct mm_struct *mm = el_get_local(r->task);

	if (IS_ERR(mm))
		return PTR_ERR(mm);
	if (!r->addr)
		return -EINVAL; /* expect: mm-ref-imbalance the early return keeps the reference */
	mmput(mm);
	return 0;
}

int el_declared_leak(struct el_req *r)
{
	struct mm_struct *mm = get_task_mm(r->task) ?: ERR_PTR(-ESRCH);
	int ret;

	if (IS_ERR(mm))
		return PTR_ERR(mm);
	if (!r->addr)
		return -EINVAL; /* expect: mm-ref-imbalance the early return keeps the reference */
	ret = el_use(mm, r->addr);
	mmput(mm);
	return ret;
}

int el_assigned_ok(struct el_req *r)
{
	struct mm_struct *mm;
	int ret;

	mm = get_task_mm(r->task) ?: ERR_PTR(-ESRCH);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	ret = el_use(mm, r->addr);
	mmput(mm);
	return ret; /* ok: mm-ref-imbalance put once */
}

int el_assigned_leak(struct el_req *r)
{
	struct mm_struct *mm;

	mm = get_task_mm(r->task) ?: ERR_PTR(-ESRCH);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	if (el_use(mm, r->addr) < 0)
		return -EFAULT; /* expect: mm-ref-imbalance the failed use keeps the reference */
	mmput(mm);
	return 0;
}
