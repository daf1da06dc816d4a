#include <linux/mmlint_stub.h>
/*
 * A known miss that needs the borrower's context (the kthread it runs in) to carry a value
 * across its registration: recorded, not yet found.
 */

/*
 * 1. The creator's mm handed to a kernel thread as its data pointer after mmgrab(): in the
 * thread, `data` is a parameter whose only "caller" is the kthread_run() registration, and
 * the value passed there is current->mm, pinned in the creator's syscall but not in the
 * thread. Origins do not follow registrations (only direct calls), so `mm` is unknown.
 */
static int cx_thread(void *data)
{
	struct mm_struct *mm = data;

	kthread_use_mm(mm); /* todo: use-mm-without-mmget */
	kthread_unuse_mm(mm);
	mmdrop(mm);
	return 0;
}

int cx_start(void)
{
	mmgrab(current->mm);
	kthread_run(cx_thread, current->mm, "cx");
	return 0;
}
