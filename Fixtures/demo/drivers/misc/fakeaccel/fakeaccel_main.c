// SPDX-License-Identifier: GPL-2.0
/*
 * fakeaccel: file operations. The stores that make fac_ctx.mm an mmgrab-only
 * holder and fac_svm.mm a users holder live here; the syscall-context calls
 * on current->mm are all fine.
 */
#include <linux/mmlint_stub.h>

#include "fakeaccel.h"

int fac_open(struct inode *inode, struct file *filp)
{
	struct fac_ctx *ctx;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;

	mutex_init(&ctx->lock);
	INIT_WORK(&ctx->fence_work, fac_fence_work);
	INIT_WORK(&ctx->event_work, fac_event_work);
	INIT_WORK(&ctx->userptr_work, fac_userptr_work);
	INIT_WORK(&ctx->dirty_work, fac_dirty_work);

	/* Like kvm_create_vm(): keep the mm_struct, not the address space. */
	mmgrab(current->mm);
	ctx->mm = current->mm;

	filp->private_data = ctx;
	return 0;
}

static void fac_svm_unbind(struct fac_svm *svm)
{
	kthread_stop(svm->thread);
	mmput(svm->mm);
	kfree(svm);
}

int fac_release(struct inode *inode, struct file *filp)
{
	struct fac_ctx *ctx = filp->private_data;

	cancel_work_sync(&ctx->fence_work);
	cancel_work_sync(&ctx->event_work);
	cancel_work_sync(&ctx->userptr_work);
	cancel_work_sync(&ctx->dirty_work);

	if (ctx->svm)
		fac_svm_unbind(ctx->svm);
	if (ctx->uptr) {
		mmu_interval_notifier_remove(&ctx->uptr->notifier);
		kvfree(ctx->uptr->pages);
		kvfree(ctx->uptr->pfns);
		kfree(ctx->uptr);
	}

	mmdrop(ctx->mm);
	kfree(ctx);
	return 0;
}

static int fac_ioctl_userptr(struct fac_ctx *ctx, void __user *uarg)
{
	struct fac_userptr_args args;
	struct fac_userptr *up;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (!args.npages || ctx->uptr)
		return -EINVAL;

	up = kzalloc(sizeof(*up), GFP_KERNEL);
	if (!up)
		return -ENOMEM;
	up->start = args.start;
	up->npages = args.npages;
	up->pages = kvcalloc(up->npages, sizeof(*up->pages), GFP_KERNEL);
	up->pfns = kvcalloc(up->npages, sizeof(*up->pfns), GFP_KERNEL);
	if (!up->pages || !up->pfns) {
		ret = -ENOMEM;
		goto err_free;
	}
	mutex_init(&up->lock);

	ret = mmu_interval_notifier_insert(&up->notifier, current->mm, up->start, up->npages << PAGE_SHIFT, &fac_userptr_mni_ops); /* ok: mmgrab-only-access */
	if (ret)
		goto err_free;

	ctx->uptr = up;
	queue_work(system_unbound_wq, &ctx->userptr_work);
	return 0;

err_free:
	kvfree(up->pages);
	kvfree(up->pfns);
	kfree(up);
	return ret;
}

static int fac_ioctl_svm_bind(struct fac_ctx *ctx, void __user *uarg)
{
	struct fac_svm *svm;

	if (ctx->svm)
		return -EBUSY;

	svm = kzalloc(sizeof(*svm), GFP_KERNEL);
	if (!svm)
		return -ENOMEM;

	svm->doorbell = uarg;
	svm->mm = get_task_mm(current);
	if (!svm->mm) {
		kfree(svm);
		return -ESRCH;
	}

	svm->thread = kthread_run(fac_svm_thread, svm, "fakeaccel-svm");
	if (IS_ERR(svm->thread)) {
		long err = PTR_ERR(svm->thread);

		mmput(svm->mm);
		kfree(svm);
		return err;
	}

	ctx->svm = svm;
	return 0;
}

static int fac_ioctl_clear_dirty(struct fac_ctx *ctx, void __user *uarg)
{
	struct fac_range_args args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.start >= args.end)
		return -EINVAL;

	/* Synchronous when the caller owns the mm, deferred otherwise. */
	if (ctx->mm == current->mm)
		return fac_clear_dirty_current(ctx, args.start, args.end);

	ctx->dirty_start = args.start;
	ctx->dirty_end = args.end;
	schedule_work(&ctx->dirty_work);
	return 0;
}

long fac_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct fac_ctx *ctx = filp->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case FAC_IOCTL_USERPTR:
		return fac_ioctl_userptr(ctx, uarg);
	case FAC_IOCTL_SVM_BIND:
		return fac_ioctl_svm_bind(ctx, uarg);
	case FAC_IOCTL_CLEAR_DIRTY:
		return fac_ioctl_clear_dirty(ctx, uarg);
	case FAC_IOCTL_FENCE:
		ctx->fence_uptr = uarg;
		schedule_work(&ctx->fence_work);
		return 0;
	default:
		return -ENOTTY;
	}
}
