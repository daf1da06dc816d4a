#include <linux/mmlint_stub.h>
/*
 * kthread-test-by-null-mm: a function that only ever runs as a kernel thread — the thread
 * function handed to kthread_run(), a work item's function (kworkers are kernel threads),
 * nothing calling it directly — tests current->mm to know whether it has borrowed an mm yet,
 * not whether it is a kernel thread: it is one, and its current->mm is NULL exactly until its
 * own kthread_use_mm() (vhost's worker and io_uring's SQPOLL thread borrow once and keep the
 * mm across iterations). Quiet. The same work function also called from an ioctl runs in the
 * calling task too, where the test picks the wrong side: reported.
 */
struct kk_dev {
	struct mm_struct *mm;
	struct work_struct work;
	struct work_struct sync_work;
	void __user *uptr;
	u32 val;
};

/* A thread function: loops, borrowing once and switching when the target mm changes. */
static int kk_thread(void *data)
{
	struct kk_dev *d = data;

	while (!kthread_should_stop()) {
		if (!current->mm) /* ok: kthread-test-by-null-mm */
			kthread_use_mm(d->mm);
		else if (current->mm != d->mm) {
			kthread_unuse_mm(current->mm);
			kthread_use_mm(d->mm);
		}
		put_user(d->val, (u32 __user *)d->uptr);
		schedule();
	}
	if (current->mm)
		kthread_unuse_mm(current->mm);
	return 0;
}

/* A work item's function, the test kept in a local first. */
static void kk_work(struct work_struct *w)
{
	struct kk_dev *d = container_of(w, struct kk_dev, work);
	bool borrowed = current->mm == NULL; /* ok: kthread-test-by-null-mm */

	if (borrowed)
		kthread_use_mm(d->mm);
	put_user(d->val, (u32 __user *)d->uptr);
	if (borrowed)
		kthread_unuse_mm(d->mm);
}

int kk_start(struct kk_dev *d)
{
	struct task_struct *t = kthread_run(kk_thread, d, "kk");

	if (IS_ERR(t))
		return PTR_ERR(t);
	INIT_WORK(&d->work, kk_work);
	schedule_work(&d->work);
	return 0;
}

/* The same work function, also run synchronously from an ioctl: in the calling task
 * current->mm is that task's own, and the access goes to it rather than to d->mm. */
static void kk_sync_work(struct work_struct *w)
{
	struct kk_dev *d = container_of(w, struct kk_dev, sync_work);

	if (!current->mm) { /* expect: kthread-test-by-null-mm */
		kthread_use_mm(d->mm);
		put_user(d->val, (u32 __user *)d->uptr);
		kthread_unuse_mm(d->mm);
	} else {
		put_user(d->val, (u32 __user *)d->uptr);
	}
}

static long kk_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct kk_dev *d = f->private_data;

	if (cmd == 1) {
		INIT_WORK(&d->sync_work, kk_sync_work);
		schedule_work(&d->sync_work);
		return 0;
	}
	kk_sync_work(&d->sync_work);
	return 0;
}

static const struct file_operations kk_fops = { .unlocked_ioctl = kk_ioctl };

/* A static helper only a kernel thread calls (io_uring 5.10's __io_sq_thread_acquire_mm()): the
 * test asks whether the thread has borrowed yet. Quiet. */
struct kq_ctx {
	struct mm_struct *mm;
	void __user *uptr;
	u32 val;
};

static int kq_acquire_mm(struct kq_ctx *c)
{
	if (current->mm) /* ok: kthread-test-by-null-mm */
		return 0;
	if (!mmget_not_zero(c->mm))
		return -EFAULT;
	kthread_use_mm(c->mm);
	return 0;
}

static int kq_thread(void *data)
{
	struct kq_ctx *c = data;

	while (!kthread_should_stop()) {
		if (kq_acquire_mm(c))
			break;
		put_user(c->val, (u32 __user *)c->uptr);
		schedule();
	}
	return 0;
}

int kq_start(struct kq_ctx *c)
{
	struct task_struct *t = kthread_run(kq_thread, c, "kq");

	return IS_ERR(t) ? PTR_ERR(t) : 0;
}

/* The same helper shape also called from an ioctl: there current->mm is the caller's own. */
static int kw_acquire_mm(struct kq_ctx *c)
{
	if (current->mm) /* expect: kthread-test-by-null-mm */
		return 0;
	if (!mmget_not_zero(c->mm))
		return -EFAULT;
	kthread_use_mm(c->mm);
	return 0;
}

static int kw_thread(void *data)
{
	struct kq_ctx *c = data;

	while (!kthread_should_stop()) {
		if (kw_acquire_mm(c))
			break;
		put_user(c->val, (u32 __user *)c->uptr);
		schedule();
	}
	return 0;
}

int kw_start(struct kq_ctx *c)
{
	struct task_struct *t = kthread_run(kw_thread, c, "kw");

	return IS_ERR(t) ? PTR_ERR(t) : 0;
}

static long kw_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct kq_ctx *c = f->private_data;

	if (kw_acquire_mm(c))
		return -EFAULT;
	put_user(c->val, (u32 __user *)c->uptr);
	return 0;
}

static const struct file_operations kw_fops = { .unlocked_ioctl = kw_ioctl };
