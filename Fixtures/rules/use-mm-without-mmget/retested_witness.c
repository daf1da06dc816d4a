#include <linux/mmlint_stub.h>
/*
 * use-mm-without-mmget: a borrow with no pin, after two tests of one flag. The finding's
 * witness is a path the code can run: it takes the same side at both tests of `fake`
 * (ReportTests.testWitnessTakesOneSideOfARetestedFlag reads it), whether the first test's
 * arm stores with `|=` or with `=`.
 */

struct fw_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long flags;
	int n;
};

static void fw_work_or(struct work_struct *w)
{
	struct fw_ctx *c = container_of(w, struct fw_ctx, work);
	bool fake = c->n > 2;

	if (fake)
		c->flags |= 4;
	c->n++;
	if (fake)
		return;
	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget no pin on any path */
	kthread_unuse_mm(c->mm);
}

static void fw_work_store(struct work_struct *w)
{
	struct fw_ctx *c = container_of(w, struct fw_ctx, work);
	bool fake = c->n > 2;

	if (fake)
		c->flags = 4;
	c->n++;
	if (fake)
		return;
	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget no pin on any path */
	kthread_unuse_mm(c->mm);
}

void fw_start(struct fw_ctx *c)
{
	INIT_WORK(&c->work, fw_work_or);
	INIT_WORK(&c->work, fw_work_store);
	mmgrab(current->mm);
	c->mm = current->mm;
}
