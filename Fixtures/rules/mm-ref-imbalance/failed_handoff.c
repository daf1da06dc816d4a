#include <linux/mmlint_stub.h>
/*
 * An object holding a reference handed to a call that may keep it (a kthread started on it),
 * whose result then says it kept nothing: vhost_dev_set_owner (4.x): `dev->mm =
 * get_task_mm(current); worker = kthread_create(vhost_worker, dev, …); if (IS_ERR(worker)) {
 * err = PTR_ERR(worker); goto err_worker; }`, the error path clearing `dev->mm` without the
 * mmput(). Where the creation failed the reference is the function's again. Spelled with
 * kthread_run() as include/linux/kthread.h writes it (a statement expression that tests its
 * own result) and with a local's reference. Quiet where the error path puts it, and on the
 * success path (the thread owns it). Not yet: a creator whose NULL result says it failed
 * (without the result's type a NULL test reads as a zero errno, which is success).
 *
 * Also: an exit returning -EIOCBQUEUED keeps the reference for the completion (f_fs's AIO
 * submit after the 2026 fix), even where an error exit drops it.
 */

struct task_struct *fh_kthread_create(int (*fn)(void *data), void *data, const char *name);
void *fh_start_helper(int (*fn)(void *data), void *data);
int wake_up_process(struct task_struct *p);

#define fh_kthread_run(fn, data, name)						\
({										\
	struct task_struct *__k = fh_kthread_create(fn, data, name);		\
	if (!IS_ERR(__k))							\
		wake_up_process(__k);						\
	__k;									\
})

struct fh_dev {
	struct mm_struct *mm;
	struct task_struct *worker;
};

static int fh_worker(void *data)
{
	struct fh_dev *dev = data;

	kthread_use_mm(dev->mm);
	kthread_unuse_mm(dev->mm);
	mmput(dev->mm);
	return 0;
}

long fh_set_owner_leak(struct fh_dev *dev)
{
	struct task_struct *worker;
	int err;

	dev->mm = get_task_mm(current);
	worker = fh_kthread_create(fh_worker, dev, "fh");
	if (IS_ERR(worker)) {
		err = PTR_ERR(worker);
		goto err_worker;
	}
	dev->worker = worker;
	wake_up_process(worker);
	return 0;
err_worker:
	dev->mm = NULL; /* expect: mm-ref-imbalance the reference is overwritten */
	return err;
}

long fh_set_owner_run_leak(struct fh_dev *dev)
{
	struct task_struct *worker;

	dev->mm = get_task_mm(current);
	worker = fh_kthread_run(fh_worker, dev, "fh");
	if (IS_ERR(worker)) {
		dev->mm = NULL; /* expect: mm-ref-imbalance */
		return PTR_ERR(worker);
	}
	dev->worker = worker;
	return 0;
}

long fh_set_owner(struct fh_dev *dev)
{
	struct task_struct *worker;
	int err;

	dev->mm = get_task_mm(current);
	worker = fh_kthread_run(fh_worker, dev, "fh");
	if (IS_ERR(worker)) {
		err = PTR_ERR(worker);
		goto err_worker;
	}
	dev->worker = worker;
	return 0; /* ok: mm-ref-imbalance the thread owns it */
err_worker:
	mmput(dev->mm);
	dev->mm = NULL; /* ok: mm-ref-imbalance put first */
	return err;
}

static int fh_local_worker(void *data)
{
	struct mm_struct *mm = data;

	kthread_use_mm(mm);
	kthread_unuse_mm(mm);
	mmput(mm);
	return 0;
}

int fh_start_local(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	if (!fh_start_helper(fh_local_worker, mm))
		return -ENOMEM; /* todo: mm-ref-imbalance the helper never started but a null result is not told from a zero errno without types */
	return 0;
}

int fh_start_local_ok(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);
	void *h;

	if (!mm)
		return -ESRCH;
	h = fh_start_helper(fh_local_worker, mm);
	if (!h) {
		mmput(mm);
		return -ENOMEM;
	}
	return 0; /* ok: mm-ref-imbalance the helper owns it */
}

int fh_run_local(struct task_struct *t)
{
	struct task_struct *th;
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	th = fh_kthread_run(fh_local_worker, mm, "fh");
	if (IS_ERR(th))
		return PTR_ERR(th); /* expect: mm-ref-imbalance the thread never ran */
	return 0; /* ok: mm-ref-imbalance the thread owns it */
}

struct fh_req {
	void *context;
};

struct fh_io {
	struct mm_struct *mm;
	struct fh_req *req;
};

int fh_queue(struct fh_req *req);

ssize_t fh_submit(struct fh_io *io)
{
	io->req->context = io;
	io->mm = current->mm;
	mmgrab(io->mm);
	if (fh_queue(io->req)) {
		mmdrop(io->mm);
		return -EIO;
	}
	return -EIOCBQUEUED; /* ok: mm-ref-imbalance the completion drops it */
}
