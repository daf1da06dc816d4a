#include <linux/mmlint_stub.h>
/*
 * A reference taken through a local after the local was stored into an object's member
 * (`per_mm->mm = mm; mmgrab(mm);`, as ib_umem_odp_get()-style code writes it): the object keeps
 * it, as it keeps one taken through the member (`c->mm = current->mm; mmgrab(c->mm);`). The
 * function's success return is no leak; an error path that frees the object without the drop
 * is; one that drops it through the local first is not. A grab into a local that nothing
 * stores still leaks at the return.
 */

struct sg_ctx {
	struct mm_struct *mm;
	void *buf;
};

int sg_init(struct sg_ctx *c)
{
	struct mm_struct *mm = current->mm;

	c->mm = mm;
	mmgrab(mm);
	return 0; /* ok: mm-ref-imbalance the object keeps it */
}

struct sg_ctx *sg_create(void)
{
	struct sg_ctx *c = kzalloc(sizeof(*c), GFP_KERNEL);
	struct mm_struct *mm = current->mm;

	if (!c)
		return NULL;
	c->mm = mm;
	mmgrab(mm);
	c->buf = kmalloc(64, GFP_KERNEL);
	if (!c->buf) {
		kfree(c); /* expect: mm-ref-imbalance freed with the grab in it */
		return NULL;
	}
	return c;
}

struct sg_ctx *sg_create_ok(void)
{
	struct sg_ctx *c = kzalloc(sizeof(*c), GFP_KERNEL);
	struct mm_struct *mm = current->mm;

	if (!c)
		return NULL;
	c->mm = mm;
	mmgrab(mm);
	c->buf = kmalloc(64, GFP_KERNEL);
	if (!c->buf) {
		mmdrop(mm);
		kfree(c); /* ok: mm-ref-imbalance dropped through the local first */
		return NULL;
	}
	return c;
}

int sg_peek(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	mmgrab(mm);
	mmput(mm);
	return 0; /* expect: mm-ref-imbalance nothing keeps the grab */
}
