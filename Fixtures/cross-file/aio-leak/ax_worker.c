#include <linux/mmlint_stub.h>
#include "ax.h"

static void ax_copy_worker(struct work_struct *work)
{
	struct ax_io *io = container_of(work, struct ax_io, work);

	if (io->read && io->status > 0) {
		if (mmget_not_zero(io->mm)) {
			kthread_use_mm(io->mm);
			copy_to_user(io->ubuf, io->buf, io->status);
			kthread_unuse_mm(io->mm);
			mmput(io->mm);
		}
		mmdrop(io->mm);
	}
	io->kiocb->ki_complete(io->kiocb, io->status);
	kfree(io); /* expect: mm-ref-imbalance */
}

void ax_complete(struct ax_io *io)
{
	INIT_WORK(&io->work, ax_copy_worker);
	schedule_work(&io->work);
}
