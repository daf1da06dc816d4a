#include <linux/mmlint_stub.h>
/*
 * A pin taken through an ops member (`if (!d->ops->get_mm(d)) return;`): the call does what
 * every function stored into that member does alike — one implementation, or two that both
 * pin. Where the implementations differ (one only reads the pointer), the call pins nothing
 * and the borrow after it is reported.
 */

struct op_dev;

struct op_mm_ops {
	bool (*get_mm)(struct op_dev *d);
	void (*put_mm)(struct op_dev *d);
};

struct op_dev {
	struct mm_struct *mm;		/* mmgrab() at init */
	const struct op_mm_ops *ops;
	struct work_struct work;
	u32 __user *uptr;
};

static bool op_get_mm(struct op_dev *d)
{
	return mmget_not_zero(d->mm);
}

static void op_put_mm(struct op_dev *d)
{
	mmput(d->mm);
}

static const struct op_mm_ops op_default_ops = {
	.get_mm = op_get_mm,
	.put_mm = op_put_mm,
};

int op_init(struct op_dev *d)
{
	mmgrab(current->mm);
	d->mm = current->mm;
	d->ops = &op_default_ops;
	return 0;
}

static void op_work(struct work_struct *work)
{
	struct op_dev *d = container_of(work, struct op_dev, work);

	if (!d->ops->get_mm(d))
		return;
	kthread_use_mm(d->mm); /* ok: use-mm-without-mmget pinned through the ops */
	put_user(1, d->uptr);
	kthread_unuse_mm(d->mm);
	d->ops->put_mm(d); /* ok: mm-ref-imbalance */
}

void op_start(struct op_dev *d)
{
	INIT_WORK(&d->work, op_work);
	schedule_work(&d->work);
}

int op_peek(struct op_dev *d)
{
	if (!d->ops->get_mm(d))
		return -ESRCH;
	if (!d->uptr)
		return -EINVAL; /* expect: mm-ref-imbalance the ops pin is not put */
	d->ops->put_mm(d);
	return 0;
}

/* ---- two implementations that both pin, a runtime-assigned member ---- */
struct op2_ctx {
	struct mm_struct *mm;		/* mmgrab() at init */
	bool (*pin)(struct op2_ctx *c);
	struct work_struct work;
};

static bool op2_pin_plain(struct op2_ctx *c)
{
	return mmget_not_zero(c->mm);
}

static bool op2_pin_traced(struct op2_ctx *c)
{
	if (!mmget_not_zero(c->mm))
		return false;
	pr_debug("pinned\n");
	return true;
}

void op2_init(struct op2_ctx *c, bool traced)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	if (traced)
		c->pin = op2_pin_traced;
	else
		c->pin = op2_pin_plain;
}

static void op2_work(struct work_struct *work)
{
	struct op2_ctx *c = container_of(work, struct op2_ctx, work);

	if (!c->pin(c))
		return;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget both pin */
	kthread_unuse_mm(c->mm);
	mmput(c->mm);
}

void op2_start(struct op2_ctx *c)
{
	INIT_WORK(&c->work, op2_work);
	schedule_work(&c->work);
}

/* ---- implementations that differ: one only checks the pointer ---- */
struct op3_ctx {
	struct mm_struct *mm;		/* mmgrab() at init */
	bool (*ready)(struct op3_ctx *c);
	struct work_struct work;
};

static bool op3_ready_pin(struct op3_ctx *c)
{
	return mmget_not_zero(c->mm);
}

static bool op3_ready_peek(struct op3_ctx *c)
{
	return c->mm != NULL;
}

void op3_init(struct op3_ctx *c, bool pin)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	c->ready = pin ? op3_ready_pin : op3_ready_peek;
}

static void op3_work(struct work_struct *work)
{
	struct op3_ctx *c = container_of(work, struct op3_ctx, work);

	if (!c->ready(c))
		return;
	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget the peek implementation pins nothing */
	kthread_unuse_mm(c->mm);
}

void op3_start(struct op3_ctx *c)
{
	INIT_WORK(&c->work, op3_work);
	schedule_work(&c->work);
}
