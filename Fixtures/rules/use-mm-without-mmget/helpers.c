#include <linux/mmlint_stub.h>
/*
 * use-mm-without-mmget: function summaries within one file.
 *
 * struct acc_dev.mm is an mmgrab-only holder. The pin is taken through helpers:
 *   - acc_pin_mm():        bool guard, true means mm_users is held
 *   - acc_get_mm_ref():    int guard, 0 means held, -ESRCH means not
 *   - acc_grab_live_mm():  returns a pinned mm or NULL
 * and the borrow happens in callees that take a struct mm_struct * parameter:
 *   - acc_write_status():  every caller passes a pinned mm (quiet everywhere)
 *   - acc_fill_ring():     one caller passes the bare mmgrab-only field; the
 *                         finding is reported at that caller's call line and
 *                         the borrow inside the callee stays quiet.
 */

struct acc_dev {
	struct mm_struct *mm;
	struct work_struct status_work;
	struct work_struct ring_work;
	struct work_struct refill_work;
	void __user *status_uptr;
	void __user *ring_uptr;
	u32 status;
	u32 ring[16];
};

int acc_dev_bind(struct acc_dev *d)
{
	mmgrab(current->mm);
	d->mm = current->mm;
	return 0;
}

void acc_dev_unbind(struct acc_dev *d)
{
	cancel_work_sync(&d->status_work);
	cancel_work_sync(&d->ring_work);
	cancel_work_sync(&d->refill_work);
	mmdrop(d->mm);
}

/* ---- guard helpers ---------------------------------------------------- */

static bool acc_pin_mm(struct acc_dev *d)
{
	return mmget_not_zero(d->mm);
}

static int acc_get_mm_ref(struct acc_dev *d)
{
	if (!mmget_not_zero(d->mm))
		return -ESRCH;
	return 0;
}

static struct mm_struct *acc_grab_live_mm(struct acc_dev *d)
{
	struct mm_struct *mm = READ_ONCE(d->mm);

	if (!mm || !mmget_not_zero(mm))
		return NULL;
	return mm;
}

void acc_status_worker_bool_guard(struct work_struct *work)
{
	struct acc_dev *d = container_of(work, struct acc_dev, status_work);

	if (!acc_pin_mm(d))
		return;

	kthread_use_mm(d->mm); /* ok: use-mm-without-mmget */
	put_user(d->status, (u32 __user *)d->status_uptr);
	kthread_unuse_mm(d->mm);
	mmput(d->mm);
}

void acc_status_worker_int_guard(struct work_struct *work)
{
	struct acc_dev *d = container_of(work, struct acc_dev, status_work);
	int ret;

	ret = acc_get_mm_ref(d);
	if (ret)
		goto out;

	kthread_use_mm(d->mm); /* ok: use-mm-without-mmget */
	put_user(d->status, (u32 __user *)d->status_uptr);
	kthread_unuse_mm(d->mm);
	mmput(d->mm);
out:
	d->status = 0;
}

void acc_status_worker_int_guard_inline(struct work_struct *work)
{
	struct acc_dev *d = container_of(work, struct acc_dev, status_work);

	if (acc_get_mm_ref(d))
		return;

	kthread_use_mm(d->mm); /* ok: use-mm-without-mmget */
	put_user(d->status, (u32 __user *)d->status_uptr);
	kthread_unuse_mm(d->mm);
	mmput(d->mm);
}

void acc_status_worker_pinned_return(struct work_struct *work)
{
	struct acc_dev *d = container_of(work, struct acc_dev, status_work);
	struct mm_struct *mm;

	mm = acc_grab_live_mm(d);
	if (!mm)
		return;

	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	put_user(d->status, (u32 __user *)d->status_uptr);
	kthread_unuse_mm(mm);
	mmput(mm);
}

/* ---- callees that borrow their mm parameter --------------------------- */

static int acc_write_status(struct mm_struct *mm, void __user *uptr, u32 val)
{
	int ret;

	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	ret = put_user(val, (u32 __user *)uptr);
	kthread_unuse_mm(mm);
	return ret;
}

static int acc_fill_ring(struct mm_struct *mm, void __user *uptr,
			const u32 *ring, size_t len)
{
	unsigned long left;

	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	left = copy_to_user(uptr, ring, len);
	kthread_unuse_mm(mm);
	return left ? -EFAULT : 0;
}

void acc_status_worker_via_callee(struct work_struct *work)
{
	struct acc_dev *d = container_of(work, struct acc_dev, status_work);
	struct mm_struct *mm;

	mm = acc_grab_live_mm(d);
	if (!mm)
		return;
	acc_write_status(mm, d->status_uptr, d->status); /* ok: use-mm-without-mmget */
	mmput(mm);
}

int acc_report_status_task(struct acc_dev *d, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);
	int ret;

	if (!mm)
		return -ESRCH;
	ret = acc_write_status(mm, d->status_uptr, d->status); /* ok: use-mm-without-mmget */
	mmput(mm);
	return ret;
}

void acc_ring_worker_pinned(struct work_struct *work)
{
	struct acc_dev *d = container_of(work, struct acc_dev, ring_work);

	if (!mmget_not_zero(d->mm))
		return;
	acc_fill_ring(d->mm, d->ring_uptr, d->ring, sizeof(d->ring)); /* ok: use-mm-without-mmget */
	mmput(d->mm);
}

/* The refill path forgot the pin: the callee borrows an mmgrab-only mm. */
void acc_refill_worker_count_only(struct work_struct *work)
{
	struct acc_dev *d = container_of(work, struct acc_dev, refill_work);

	acc_fill_ring(d->mm, d->ring_uptr, d->ring, sizeof(d->ring)); /* expect: use-mm-without-mmget */
}
