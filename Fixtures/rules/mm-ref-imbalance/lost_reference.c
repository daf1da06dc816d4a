#include <linux/mmlint_stub.h>
/*
 * A reference no one can drop any more: get_task_mm()'s result thrown away, and a local that
 * holds a reference given a new value (a second get_task_mm(), or NULL) while nothing else
 * holds the first. Not reported: the local put first, tested NULL first, or copied first
 * (the copy keeps it), and a result that is returned or handed on.
 */

struct lr_ctx {
	struct mm_struct *mm;
	struct task_struct *a, *b;
	char buf[8];
};

void lr_touch(struct task_struct *t)
{
	get_task_mm(t); /* expect: mm-ref-imbalance */
}

int lr_pick(struct lr_ctx *c)
{
	struct mm_struct *mm;
	int ret;

	mm = get_task_mm(c->a);
	if (!mm)
		return -ESRCH;
	if (c->buf[0])
		mm = get_task_mm(c->b); /* expect: mm-ref-imbalance */
	if (!mm)
		return -ESRCH;
	ret = access_remote_vm(mm, 0, c->buf, 8, 0);
	mmput(mm);
	return ret;
}

int lr_forget(struct lr_ctx *c)
{
	struct mm_struct *mm = get_task_mm(c->a);
	int ret;

	if (!mm)
		return -ESRCH;
	ret = access_remote_vm(mm, 0, c->buf, 8, 0);
	if (ret < 0)
		mm = NULL; /* expect: mm-ref-imbalance */
	if (mm)
		mmput(mm);
	return ret;
}

int lr_fallback(struct lr_ctx *c)
{
	struct mm_struct *mm;
	int ret;

	mm = get_task_mm(c->a);
	if (!mm)
		mm = get_task_mm(c->b); /* ok: mm-ref-imbalance */
	if (!mm)
		return -ESRCH;
	ret = access_remote_vm(mm, 0, c->buf, 8, 0);
	mmput(mm);
	mm = NULL; /* ok: mm-ref-imbalance */
	return ret;
}

int lr_both(struct lr_ctx *c)
{
	struct mm_struct *mm, *first;

	mm = get_task_mm(c->a);
	first = mm;
	mm = get_task_mm(c->b); /* ok: mm-ref-imbalance */
	if (first)
		mmput(first);
	if (mm)
		mmput(mm);
	return 0;
}

struct mm_struct *lr_get(struct lr_ctx *c)
{
	return get_task_mm(c->a); /* ok: mm-ref-imbalance */
}

void lr_keep(struct lr_ctx *c)
{
	c->mm = get_task_mm(c->a); /* ok: mm-ref-imbalance */
}
