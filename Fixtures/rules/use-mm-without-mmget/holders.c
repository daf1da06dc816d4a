#include <linux/mmlint_stub.h>
/*
 * use-mm-without-mmget: struct fields as mm holders.
 *
 * A worker borrows a struct's mm with kthread_use_mm(). Whether that is
 * legal depends on what every store into the field carries:
 *   - struct gvt_vgpu.mm    mmgrab only (kvm-style)           -> borrow needs mmget_not_zero
 *   - struct usbg_io.mm     no reference at all (f_fs style)  -> borrow needs mmget_not_zero
 *   - struct usbg_io_fixed  mmgrab at submit, pin in worker   -> quiet
 *   - struct vh_dev.mm      get_task_mm (users holder)        -> quiet
 *   - struct vd_dev.mm      mixed (get_task_mm and mmgrab)    -> at most a note, never an error
 */

/* ---- kvm/kvmgt style: the field only carries mm_count ---------------- */

struct gvt_vgpu {
	struct mm_struct *mm;
	struct work_struct dma_work;
	struct work_struct fixed_work;
	unsigned long guest_uaddr;
	u64 shadow_val;
};

static void gvt_worker_use_mm_count_only(struct work_struct *work);
static void gvt_worker_use_mm_pinned(struct work_struct *work);

int gvt_vgpu_attach(struct gvt_vgpu *vgpu)
{
	mmgrab(current->mm);
	vgpu->mm = current->mm;
	INIT_WORK(&vgpu->dma_work, gvt_worker_use_mm_count_only);
	INIT_WORK(&vgpu->fixed_work, gvt_worker_use_mm_pinned);
	return 0;
}

void gvt_vgpu_detach(struct gvt_vgpu *vgpu)
{
	cancel_work_sync(&vgpu->dma_work);
	cancel_work_sync(&vgpu->fixed_work);
	mmdrop(vgpu->mm);
	vgpu->mm = NULL;
}

/* 4.10-era kvmgt: the worker adopts an mm that may already be torn down. */
static void gvt_worker_use_mm_count_only(struct work_struct *work)
{
	struct gvt_vgpu *vgpu = container_of(work, struct gvt_vgpu, dma_work);

	kthread_use_mm(vgpu->mm); /* expect: use-mm-without-mmget */
	copy_to_user((void __user *)vgpu->guest_uaddr, &vgpu->shadow_val,
		     sizeof(vgpu->shadow_val));
	kthread_unuse_mm(vgpu->mm);
}

/* The fix: upgrade mm_count to mm_users for the duration of the borrow. */
static void gvt_worker_use_mm_pinned(struct work_struct *work)
{
	struct gvt_vgpu *vgpu = container_of(work, struct gvt_vgpu, fixed_work);

	if (!mmget_not_zero(vgpu->mm))
		return;

	kthread_use_mm(vgpu->mm); /* ok: use-mm-without-mmget */
	copy_to_user((void __user *)vgpu->guest_uaddr, &vgpu->shadow_val,
		     sizeof(vgpu->shadow_val));
	kthread_unuse_mm(vgpu->mm);
	mmput(vgpu->mm);
}

/* ---- USB gadget style: the field carries no reference at all --------- */

struct usbg_io {
	struct mm_struct *mm;
	struct work_struct work;
	void __user *ubuf;
	void *kbuf;
	size_t len;
};

static void usbg_io_worker_no_ref(struct work_struct *work);

int usbg_io_submit(struct usbg_io *io)
{
	io->mm = current->mm;
	INIT_WORK(&io->work, usbg_io_worker_no_ref);
	schedule_work(&io->work);
	return 0;
}

static void usbg_io_worker_no_ref(struct work_struct *work)
{
	struct usbg_io *io = container_of(work, struct usbg_io, work);

	kthread_use_mm(io->mm); /* expect: use-mm-without-mmget */
	if (copy_to_user(io->ubuf, io->kbuf, io->len))
		pr_err("usbg: short copy\n");
	kthread_unuse_mm(io->mm);
	kfree(io);
}

/* ---- The fixed gadget: mmgrab at submit, mmget_not_zero in the worker - */

struct usbg_io_fixed {
	struct mm_struct *mm;
	struct work_struct work;
	void __user *ubuf;
	void *kbuf;
	size_t len;
};

static void usbg_io_fixed_worker(struct work_struct *work);

int usbg_io_fixed_submit(struct usbg_io_fixed *io)
{
	mmgrab(current->mm);
	io->mm = current->mm;
	INIT_WORK(&io->work, usbg_io_fixed_worker);
	schedule_work(&io->work);
	return 0;
}

static void usbg_io_fixed_worker(struct work_struct *work)
{
	struct usbg_io_fixed *io = container_of(work, struct usbg_io_fixed, work);

	if (mmget_not_zero(io->mm)) {
		kthread_use_mm(io->mm); /* ok: use-mm-without-mmget */
		if (copy_to_user(io->ubuf, io->kbuf, io->len))
			pr_err("usbg: short copy\n");
		kthread_unuse_mm(io->mm);
		mmput(io->mm);
	}
	/* every completion path drops the mm_count taken at submit */
	mmdrop(io->mm);
	kfree(io);
}

/* ---- vhost worker mode: the field carries mm_users ------------------- */

struct vh_dev {
	struct mm_struct *mm;
	struct task_struct *worker;
	void __user *used_ring;
	u16 last_used;
};

static int vh_worker(void *data)
{
	struct vh_dev *dev = data;

	kthread_use_mm(dev->mm); /* ok: use-mm-without-mmget */
	while (!kthread_should_stop()) {
		put_user(dev->last_used, (u16 __user *)dev->used_ring);
		schedule();
	}
	kthread_unuse_mm(dev->mm);
	return 0;
}

int vh_dev_set_owner(struct vh_dev *dev)
{
	dev->mm = get_task_mm(current);
	if (!dev->mm)
		return -EINVAL;
	dev->worker = kthread_run(vh_worker, dev, "vh-worker");
	if (IS_ERR(dev->worker)) {
		mmput(dev->mm);
		dev->mm = NULL;
		return PTR_ERR(dev->worker);
	}
	return 0;
}

void vh_dev_reset_owner(struct vh_dev *dev)
{
	kthread_stop(dev->worker);
	mmput(dev->mm);
	dev->mm = NULL;
}

/* ---- vDPA style: mixed holders --------------------------------------- */

/*
 * With a worker the owner takes mm_users; without one (vDPA) it takes only
 * mm_count, and the borrowing worker is never started. The holder is mixed:
 * at most a note on the borrow, never an error.
 */
struct vd_dev {
	struct mm_struct *mm;
	struct task_struct *worker;
	bool use_worker;
	void __user *status;
	u32 pending;
};

static int vd_worker(void *data)
{
	struct vd_dev *d = data;

	kthread_use_mm(d->mm); /* note: use-mm-without-mmget (mixed holder) */
	while (!kthread_should_stop()) {
		put_user(d->pending, (u32 __user *)d->status);
		schedule();
	}
	kthread_unuse_mm(d->mm);
	return 0;
}

int vd_dev_set_owner(struct vd_dev *d)
{
	if (d->use_worker) {
		d->mm = get_task_mm(current);
		if (!d->mm)
			return -EINVAL;
		d->worker = kthread_run(vd_worker, d, "vd-worker");
		return 0;
	}

	mmgrab(current->mm);
	d->mm = current->mm;
	return 0;
}

void vd_dev_reset_owner(struct vd_dev *d)
{
	if (d->use_worker) {
		kthread_stop(d->worker);
		mmput(d->mm);
	} else {
		mmdrop(d->mm);
	}
	d->mm = NULL;
}
