#include <linux/mmlint_stub.h>
/*
 * mm-ref-imbalance: a lookup that returns an error pointer or NULL on failure
 * (mm_access(): ERR_PTR(-EACCES) when the ptrace check fails, NULL for a
 * kernel thread). On the side where IS_ERR()/IS_ERR_OR_NULL() is true the
 * value holds no reference, so returning there leaks nothing; and the test
 * only reads the value (IS_ERR_OR_NULL is an inline function that returns a
 * test of its argument, not the argument): the reference is still followed
 * after it. The vocabulary's error_pointer_tests list says which tests mean
 * that. The last function forgets the reference on a later error path: a
 * leak, missed while the test was taken for a hand-off.
 */

struct ep_req {
	unsigned long addr;
	unsigned long val;
};

int ep_peek(struct task_struct *task, struct ep_req *req)
{
	struct mm_struct *mm;
	int n;

	mm = mm_access(task, PTRACE_MODE_READ_FSCREDS);
	if (IS_ERR_OR_NULL(mm))
		return mm ? PTR_ERR(mm) : -ESRCH; /* ok: mm-ref-imbalance */
	n = access_remote_vm(mm, req->addr, &req->val, sizeof(req->val), 0);
	mmput(mm);
	return n == sizeof(req->val) ? 0 : -EIO;
}

int ep_poke(struct task_struct *task, struct ep_req *req)
{
	struct mm_struct *mm = mm_access(task, PTRACE_MODE_ATTACH_REALCREDS);
	int n;

	if (!mm)
		return -ESRCH;
	if (IS_ERR(mm))
		return PTR_ERR(mm); /* ok: mm-ref-imbalance */
	n = access_remote_vm(mm, req->addr, &req->val, sizeof(req->val), FOLL_WRITE);
	mmput(mm);
	return n == sizeof(req->val) ? 0 : -EIO;
}

int ep_poke_checked(struct task_struct *task, struct ep_req *req)
{
	struct mm_struct *mm = mm_access(task, PTRACE_MODE_ATTACH_REALCREDS);
	int n;

	if (IS_ERR_OR_NULL(mm))
		return -ESRCH; /* ok: mm-ref-imbalance */
	if (!req->addr)
		return -EINVAL; /* expect: mm-ref-imbalance */
	n = access_remote_vm(mm, req->addr, &req->val, sizeof(req->val), FOLL_WRITE);
	mmput(mm);
	return n == sizeof(req->val) ? 0 : -EIO;
}
