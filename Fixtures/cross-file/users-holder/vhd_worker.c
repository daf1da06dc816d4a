#include <linux/mmlint_stub.h>
/*
 * cross-file/users-holder: the borrows of a users holder stored in
 * vhd_main.c. Both stay quiet.
 */
#include "vhd.h"

int vhd_worker_fn(void *data)
{
	struct vhd_dev *dev = data;

	kthread_use_mm(dev->mm); /* ok: use-mm-without-mmget */
	while (!kthread_should_stop()) {
		if (put_user(dev->last_used, (u16 __user *)dev->used_ring))
			break;
		schedule();
	}
	kthread_unuse_mm(dev->mm);
	return 0;
}

void vhd_log_work(struct work_struct *work)
{
	struct vhd_dev *dev = container_of(work, struct vhd_dev, log_work);

	if (access_remote_vm(dev->mm, dev->log_addr, &dev->log_val, sizeof(dev->log_val), FOLL_WRITE) != sizeof(dev->log_val)) /* ok: mmgrab-only-access */
		pr_warn("vhd: dirty log write failed\n");
}
