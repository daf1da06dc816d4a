#include <linux/mmlint_stub.h>
/*
 * mm-ref-imbalance: an asynchronous request takes mmgrab() at submit and
 * stores the mm in the request; the completion worker must drop it on every
 * path. Shaped on drivers/usb/gadget/function/f_fs.c in 6.12.117, where
 * ffs_user_copy_worker() drops it only for successful reads: every AIO write,
 * failed or zero-length read leaks one mm_count (and the mm_struct, its pgd
 * and user namespace with it). legacy/inode.c has the correct shape (below).
 */

struct fa_io {
	struct work_struct work;
	struct kiocb *kiocb;
	struct mm_struct *mm;
	bool read;
	int status;
	void *buf;
	void __user *ubuf;
};

int fa_submit(struct kiocb *kiocb, bool read, void __user *ubuf)
{
	struct fa_io *io = kzalloc(sizeof(*io), GFP_KERNEL);

	if (!io)
		return -ENOMEM;
	io->kiocb = kiocb;
	io->read = read;
	io->ubuf = ubuf;
	io->mm = current->mm;
	mmgrab(io->mm);
	return 0;
}

/* The 6.12.117 f_fs shape: the drop sits inside the read-success branch. */
static void fa_user_copy_worker(struct work_struct *work)
{
	struct fa_io *io = container_of(work, struct fa_io, work);
	int ret = io->status;

	if (io->read && ret > 0) {
		if (mmget_not_zero(io->mm)) {
			kthread_use_mm(io->mm);
			ret = copy_to_user(io->ubuf, io->buf, ret) ? -EFAULT : ret;
			kthread_unuse_mm(io->mm);
			mmput(io->mm);
		} else {
			ret = -EFAULT;
		}
		mmdrop(io->mm);
	}
	io->kiocb->ki_complete(io->kiocb, ret);
	kfree(io->buf);
	kfree(io); /* expect: mm-ref-imbalance */
}

/* The inode.c shape: every completion path drops what submit took. */
static void fa_user_copy_worker_fixed(struct work_struct *work)
{
	struct fa_io *io = container_of(work, struct fa_io, work);
	int ret = io->status;

	if (io->read && ret > 0) {
		if (mmget_not_zero(io->mm)) {
			kthread_use_mm(io->mm);
			ret = copy_to_user(io->ubuf, io->buf, ret) ? -EFAULT : ret;
			kthread_unuse_mm(io->mm);
			mmput(io->mm);
		} else {
			ret = -EFAULT;
		}
	}
	mmdrop(io->mm);
	io->kiocb->ki_complete(io->kiocb, ret);
	kfree(io->buf);
	kfree(io); /* ok: mm-ref-imbalance */
}

/* Dropped in a helper that every path calls: also fine. */
static void fa_io_free(struct fa_io *io)
{
	mmdrop(io->mm);
	kfree(io->buf);
}

static void fa_cancel_worker(struct work_struct *work)
{
	struct fa_io *io = container_of(work, struct fa_io, work);

	if (io->status < 0) {
		mmdrop(io->mm);
		kfree(io);
		return;
	}
	fa_io_free(io);
	kfree(io); /* ok: mm-ref-imbalance */
}

/* A NULL mm holds nothing: the free on that side is fine. */
static void fa_maybe_mm_worker(struct work_struct *work)
{
	struct fa_io *io = container_of(work, struct fa_io, work);

	if (io->mm)
		mmdrop(io->mm);
	kfree(io); /* ok: mm-ref-imbalance */
}

void fa_init(struct fa_io *io)
{
	INIT_WORK(&io->work, fa_user_copy_worker);
	INIT_WORK(&io->work, fa_user_copy_worker_fixed);
	INIT_WORK(&io->work, fa_cancel_worker);
	INIT_WORK(&io->work, fa_maybe_mm_worker);
}
