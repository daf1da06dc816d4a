#include <linux/mmlint_stub.h>
/*
 * A completion worker must drop what its submitter took on every path; a path that frees the
 * request through the driver's destructor helper without the drop leaks it, as an open-coded
 * kfree() does. The helper frees the request's own buffers first (`kfree(io->buf);
 * kfree(io);`): it still frees the request. A destructor that drops the mm reference itself
 * (`mmdrop(io->mm); kfree(io);`) loses nothing (siw's siw_umem_release()).
 */

struct dh_io {
	struct mm_struct *mm;
	struct work_struct work;
	long status;
	void __user *ubuf;
	void *buf;
	struct page **pages;
};

static void dh_free(struct dh_io *io)
{
	kfree(io->buf);
	kfree(io);
}

static void dh_release(struct dh_io *io)
{
	vfree(io->pages);
	kfree(io->buf);
	kfree(io);
}

static void dh_destroy(struct dh_io *io)
{
	struct mm_struct *mm = io->mm;

	kfree(io->buf);
	mmdrop(mm);
	kfree(io);
}

static void dh_complete(struct work_struct *work)
{
	struct dh_io *io = container_of(work, struct dh_io, work);

	if (io->status <= 0) {
		dh_free(io); /* expect: mm-ref-imbalance zero length completion leaks the count */
		return;
	}
	if (mmget_not_zero(io->mm)) {
		kthread_use_mm(io->mm);
		copy_to_user(io->ubuf, io->buf, io->status);
		kthread_unuse_mm(io->mm);
		mmput(io->mm);
	}
	mmdrop(io->mm);
	dh_free(io);
}

static void dh_complete_pages(struct work_struct *work)
{
	struct dh_io *io = container_of(work, struct dh_io, work);

	if (!io->pages) {
		dh_release(io); /* expect: mm-ref-imbalance early exit leaks the count */
		return;
	}
	mmdrop(io->mm);
	dh_release(io);
}

static void dh_complete_destroy(struct work_struct *work)
{
	struct dh_io *io = container_of(work, struct dh_io, work);

	if (io->status <= 0) {
		dh_destroy(io); /* ok: mm-ref-imbalance the destructor drops it */
		return;
	}
	if (mmget_not_zero(io->mm)) {
		kthread_use_mm(io->mm);
		copy_to_user(io->ubuf, io->buf, io->status);
		kthread_unuse_mm(io->mm);
		mmput(io->mm);
	}
	dh_destroy(io);
}

int dh_submit(struct dh_io *io, int kind)
{
	io->mm = current->mm;
	mmgrab(io->mm);
	if (kind == 0)
		INIT_WORK(&io->work, dh_complete);
	else if (kind == 1)
		INIT_WORK(&io->work, dh_complete_pages);
	else
		INIT_WORK(&io->work, dh_complete_destroy);
	schedule_work(&io->work);
	return 0;
}
