#include <linux/mmlint_stub.h>
/*
 * opaque-mm-dereferenced: an mm stored without a reference is a key. Shaped
 * on kfd_priv.h's "Opaque pointer to mm_struct ... should never be
 * dereferenced" and the 2026 f_fs/inode io->mm, stored as a plain pointer.
 * Quiet: compared only (radeon's usermm, etnaviv, ublk); dereferenced after
 * an equality with current->mm; a field kept by a notifier registration
 * (mmu_notifier_get holds mm_count).
 */

struct ok_ctx {
	struct mm_struct *mm;		/* key only */
	struct mm_struct *reg_mm;	/* registered: mmu_notifier_get */
	struct mmu_notifier *mn;
	unsigned long pinned;
	struct work_struct stats_work;
};

extern const struct mmu_notifier_ops ok_mn_ops;

int ok_open(struct ok_ctx *ctx)
{
	ctx->mm = current->mm;
	ctx->reg_mm = current->mm;
	ctx->mn = mmu_notifier_get(&ok_mn_ops, ctx->reg_mm);
	return 0;
}

unsigned long ok_stats(struct ok_ctx *ctx)
{
	return ctx->mm->start_stack; /* expect: opaque-mm-dereferenced */
}

/* Statistics are collected from a work item, long after open(). */
static void ok_stats_work(struct work_struct *work)
{
	struct ok_ctx *ctx = container_of(work, struct ok_ctx, stats_work);

	ctx->pinned = ctx->mm->start_stack; /* expect: opaque-mm-dereferenced replay=confirmed */
}

void ok_start(struct ok_ctx *ctx)
{
	INIT_WORK(&ctx->stats_work, ok_stats_work);
	schedule_work(&ctx->stats_work);
}

unsigned long ok_stats_fixed(struct ok_ctx *ctx)
{
	if (ctx->mm != current->mm)	/* a key: only compared */
		return 0;
	return ctx->mm->start_stack; /* ok: opaque-mm-dereferenced */
}

bool ok_is_owner(struct ok_ctx *ctx)
{
	return ctx->mm == current->mm; /* ok: opaque-mm-dereferenced */
}

unsigned long ok_registered(struct ok_ctx *ctx)
{
	return ctx->reg_mm->start_stack; /* ok: opaque-mm-dereferenced */
}
