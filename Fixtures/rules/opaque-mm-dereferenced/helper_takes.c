#include <linux/mmlint_stub.h>
/*
 * Not a key: the storing function takes mm_count through a helper of the object (written two
 * ways: the helper reading the member, the helper handed the member itself). A store whose
 * helper takes nothing is a key, and reading through it is the error.
 */

struct hk_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long stack;
};

static void hk_hold(struct hk_ctx *c)
{
	mmgrab(c->mm);
}

static void hk_hold_mm(struct mm_struct *mm)
{
	if (mm)
		mmgrab(mm);
}


static void hk_work(struct work_struct *w)
{
	struct hk_ctx *c = container_of(w, struct hk_ctx, work);

	c->stack = c->mm->start_stack; /* ok: opaque-mm-dereferenced */
}

int hk_open(struct hk_ctx *c)
{
	c->mm = current->mm;
	hk_hold(c);
	INIT_WORK(&c->work, hk_work);
	return 0;
}

int hk_open_mm(struct hk_ctx *c)
{
	c->mm = current->mm;
	hk_hold_mm(c->mm);
	INIT_WORK(&c->work, hk_work);
	return 0;
}

struct hq_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long stack;
};

static void hq_note(struct hq_ctx *c)
{
	c->stack = 0;
}

static void hq_work(struct work_struct *w)
{
	struct hq_ctx *c = container_of(w, struct hq_ctx, work);

	c->stack = c->mm->start_stack; /* expect: opaque-mm-dereferenced */
}

int hq_open(struct hq_ctx *c)
{
	c->mm = current->mm;
	hq_note(c);
	INIT_WORK(&c->work, hq_work);
	return 0;
}
