#include <linux/mmlint_stub.h>
/*
 * A helper reached only from a kernel thread's function, several static calls down (a
 * thread loop → a dispatch step → a handler → the borrow helper): current->mm there is
 * NULL exactly until the thread's own borrow, and the test asks whether it has borrowed
 * yet. Still reported: the same helper when one of the chain's functions is also reached
 * from a syscall (an ioctl), where a NULL current->mm is an exiting user task.
 */

struct dt_dev {
	struct mm_struct *mm;
	struct task_struct *thread;
	int pending;
};

static int dt_borrow(struct dt_dev *d)
{
	if (current->mm) /* ok: kthread-test-by-null-mm only the thread runs this */
		return 0;
	if (!mmget_not_zero(d->mm))
		return -ESRCH;
	kthread_use_mm(d->mm);
	return 0;
}

static int dt_handle(struct dt_dev *d)
{
	return dt_borrow(d);
}

static int dt_step(struct dt_dev *d)
{
	if (!d->pending)
		return 0;
	return dt_handle(d);
}

static void dt_dispatch(struct dt_dev *d)
{
	while (dt_step(d) > 0)
		d->pending--;
}

static int dt_thread(void *data)
{
	struct dt_dev *d = data;

	while (!kthread_should_stop())
		dt_dispatch(d);
	return 0;
}

int dt_start(struct dt_dev *d)
{
	d->thread = kthread_run(dt_thread, d, "dt");
	return IS_ERR(d->thread) ? PTR_ERR(d->thread) : 0;
}

/* The same chain, also entered from an ioctl. */
static int du_borrow(struct dt_dev *d)
{
	if (current->mm) /* expect: kthread-test-by-null-mm the ioctl reaches it too */
		return 0;
	if (!mmget_not_zero(d->mm))
		return -ESRCH;
	kthread_use_mm(d->mm);
	return 0;
}

static int du_handle(struct dt_dev *d)
{
	return du_borrow(d);
}

static int du_step(struct dt_dev *d)
{
	if (!d->pending)
		return 0;
	return du_handle(d);
}

static void du_dispatch(struct dt_dev *d)
{
	while (du_step(d) > 0)
		d->pending--;
}

static int du_thread(void *data)
{
	struct dt_dev *d = data;

	while (!kthread_should_stop())
		du_dispatch(d);
	return 0;
}

int du_start(struct dt_dev *d)
{
	d->thread = kthread_run(du_thread, d, "du");
	return IS_ERR(d->thread) ? PTR_ERR(d->thread) : 0;
}

long du_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct dt_dev *d = f->private_data;

	return du_step(d);
}
