#include <linux/mmlint_stub.h>
/*
 * replay/aio-complete: the submission. The request keeps current->mm with no
 * reference at all, relying on exit_aio() to drain it.
 */
#include "ag.h"

long ag_read_iter(struct kiocb *kiocb, char __user *ubuf, unsigned long len)
{
	struct ag_io_data *io_data;

	if (is_sync_kiocb(kiocb))
		return -EINVAL;
	io_data = kmalloc(sizeof(*io_data), GFP_KERNEL);
	if (!io_data)
		return -ENOMEM;
	io_data->kiocb = kiocb;
	io_data->ubuf = ubuf;
	io_data->len = len;
	io_data->buf = kmalloc(len, GFP_KERNEL);
	io_data->mm = current->mm;
	INIT_WORK(&io_data->work, ag_user_copy_worker);
	queue_work(system_wq, &io_data->work);
	return -EIOCBQUEUED;
}
