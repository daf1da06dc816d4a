#include <linux/mmlint_stub.h>
/*
 * use-mm-without-mmget: a borrow inside a function reached only through an
 * ops member with few stored functions (the shape of powerpc KVM's
 * kvmppc_ops, reached from kvm_vcpu_ioctl's owner check). The requirement
 * travels through the member call to the dispatcher's callers: an owner check
 * there (`ctx->mm != current->mm` → -EIO) discharges it. A dispatcher also
 * called where nothing checks the mm keeps the finding in the ops function.
 */

struct uo_ctx;

struct uo_ops {
	void (*sync)(struct uo_ctx *ctx);
	void (*drain)(struct uo_ctx *ctx);
};

struct uo_ctx {
	struct mm_struct *mm;
	struct uo_ops ops;
	const struct uo_ops *cops;
	struct work_struct work;
};

static void uo_sync_one(struct uo_ctx *ctx)
{
	kthread_use_mm(ctx->mm); /* ok: use-mm-without-mmget */
	kthread_unuse_mm(ctx->mm);
}

static void uo_drain_one(struct uo_ctx *ctx)
{
	kthread_use_mm(ctx->mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(ctx->mm);
}

static const struct uo_ops uo_const_ops = {
	.drain = uo_drain_one,
};

int uo_ctx_init(struct uo_ctx *ctx)
{
	ctx->mm = current->mm;
	mmgrab(ctx->mm);
	ctx->ops.sync = uo_sync_one;	/* assigned at runtime */
	ctx->cops = &uo_const_ops;
	return 0;
}

static void uo_drain(struct uo_ctx *ctx)
{
	const struct uo_ops *ops = ctx->cops;	/* a local copy of the ops pointer */

	ops->drain(ctx);
}

long uo_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct uo_ctx *ctx = filp->private_data;

	if (ctx->mm != current->mm)
		return -EIO;
	ctx->ops.sync(ctx);
	uo_drain(ctx);
	return 0;
}

/* The work item drains with no owner check: the drain borrow above is a bug. */
static void uo_work(struct work_struct *work)
{
	struct uo_ctx *ctx = container_of(work, struct uo_ctx, work);

	uo_drain(ctx);
}

void uo_start(struct uo_ctx *ctx)
{
	INIT_WORK(&ctx->work, uo_work);
	schedule_work(&ctx->work);
}
