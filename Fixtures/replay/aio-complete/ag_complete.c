#include <linux/mmlint_stub.h>
/*
 * replay/aio-complete: the completion worker borrows the submitter's mm.
 * Confirmed while io_uring may submit this kiocb (the fixture tree has no
 * kernel version: replay assumes a current kernel); refuted as 4.19, where
 * only native AIO exists and exit_aio() waits for the request.
 */
#include "ag.h"

void ag_user_copy_worker(struct work_struct *work)
{
	struct ag_io_data *io_data = container_of(work, struct ag_io_data, work);
	long ret = io_data->len;

	kthread_use_mm(io_data->mm); /* expect: use-mm-without-mmget replay=confirmed */
	if (copy_to_user(io_data->ubuf, io_data->buf, io_data->len))
		ret = -EFAULT;
	kthread_unuse_mm(io_data->mm);

	io_data->kiocb->ki_complete(io_data->kiocb, ret);
	kfree(io_data->buf);
	kfree(io_data);
}
