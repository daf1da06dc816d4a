#include <linux/mmlint_stub.h>
/*
 * cross-file/guard-helper: the store (mmgrab only) and the pin helpers whose
 * summaries are used from fa_worker.c. No guarded call here.
 */
#include "fa.h"

int fa_ctx_open(struct fa_ctx *ctx)
{
	mmgrab(current->mm);
	ctx->mm = current->mm;
	INIT_WORK(&ctx->fence_work, fa_fence_worker);
	INIT_WORK(&ctx->fault_work, fa_fault_worker);
	return 0;
}

void fa_ctx_close(struct fa_ctx *ctx)
{
	cancel_work_sync(&ctx->fence_work);
	cancel_work_sync(&ctx->fault_work);
	mmdrop(ctx->mm);
}

bool fa_pin_mm(struct fa_ctx *ctx)
{
	return mmget_not_zero(ctx->mm);
}

int fa_pin_mm_err(struct fa_ctx *ctx)
{
	if (!mmget_not_zero(ctx->mm))
		return -ESRCH;
	return 0;
}

struct mm_struct *fa_get_live_mm(struct fa_ctx *ctx)
{
	struct mm_struct *mm = READ_ONCE(ctx->mm);

	if (!mm || !mmget_not_zero(mm))
		return NULL;
	return mm;
}
