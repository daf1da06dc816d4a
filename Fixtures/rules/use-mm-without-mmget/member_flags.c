#include <linux/mmlint_stub.h>
/*
 * A pin's result kept in a member of the request and tested twice (the USB gadget f_fs
 * completion worker refactored to keep `pinned` in its io_data: `io->pinned = io->status > 0 &&
 * mmget_not_zero(io->mm); if (io->pinned) { kthread_use_mm(io->mm); … } … if (io->pinned)
 * mmput(io->mm);`). The member holds the pin's result on each path as a local would: the borrow
 * under the first test holds mm_users, the put under the second is the pin's. Spelled with a
 * short-circuit store, a plain store of the pin's result, a flag member set to 1 under the pin,
 * and through a parameter's member. Still a finding where the test is inverted, where nothing
 * tests the member, where the request changed between the store and the test, or where the put
 * is tied to another member.
 */

struct mf_io {
	struct work_struct work;
	struct mm_struct *mm;		/* mmgrab() only */
	bool pinned;
	int held;
	struct mf_io *next;
	void __user *ubuf;
	void *buf;
	long status;
};

static void mf_complete(struct work_struct *work)
{
	struct mf_io *io = container_of(work, struct mf_io, work);

	io->pinned = io->status > 0 && mmget_not_zero(io->mm); /* ok: mm-ref-imbalance the member tells the later put */
	if (io->pinned) {
		kthread_use_mm(io->mm); /* ok: use-mm-without-mmget pinned where the member is set */
		if (copy_to_user(io->ubuf, io->buf, io->status))
			io->status = -EFAULT;
		kthread_unuse_mm(io->mm);
	}
	if (io->pinned)
		mmput(io->mm); /* ok: unchecked-mmget-not-zero put only where the member says pinned */
	mmdrop(io->mm);
	kfree(io); /* ok: mm-ref-imbalance the pin was put above where it was taken */
}

void mf_submit(struct mf_io *io)
{
	io->mm = current->mm;
	mmgrab(io->mm);
	INIT_WORK(&io->work, mf_complete);
	schedule_work(&io->work);
}

static void mf_plain_store(struct mf_io *io)
{
	io->pinned = mmget_not_zero(io->mm);
	if (io->pinned) {
		kthread_use_mm(io->mm); /* ok: use-mm-without-mmget */
		kthread_unuse_mm(io->mm);
	}
	if (io->pinned)
		mmput(io->mm); /* ok: mm-ref-imbalance */
}

static void mf_int_flag(struct mf_io *io)
{
	io->held = 0;
	if (mmget_not_zero(io->mm))
		io->held = 1;
	if (io->held) {
		kthread_use_mm(io->mm); /* ok: use-mm-without-mmget */
		kthread_unuse_mm(io->mm);
	}
	if (io->held)
		mmput(io->mm); /* ok: mm-ref-imbalance */
}

static void mf_inverted(struct mf_io *io)
{
	io->pinned = io->status > 0 && mmget_not_zero(io->mm);
	if (!io->pinned) {
		kthread_use_mm(io->mm); /* expect: use-mm-without-mmget borrowed where the pin failed */
		kthread_unuse_mm(io->mm);
	}
	if (io->pinned)
		mmput(io->mm);
}

static void mf_untested(struct mf_io *io)
{
	io->pinned = mmget_not_zero(io->mm);
	kthread_use_mm(io->mm); /* expect: use-mm-without-mmget nothing tests the member first */
	kthread_unuse_mm(io->mm);
	if (io->pinned)
		mmput(io->mm);
}

static void mf_other_request(struct mf_io *io)
{
	io->pinned = mmget_not_zero(io->mm);
	io = io->next;
	if (io->pinned) {
		kthread_use_mm(io->mm); /* expect: use-mm-without-mmget the member of another request */
		kthread_unuse_mm(io->mm);
		mmput(io->mm);
	}
}

static void mf_put_on_other_member(struct mf_io *io)
{
	io->held = 0;
	if (mmget_not_zero(io->mm)) /* expect: mm-ref-imbalance leaked where status is zero */
		io->held = 1;
	if (io->held) {
		kthread_use_mm(io->mm); /* ok: use-mm-without-mmget */
		kthread_unuse_mm(io->mm);
	}
	if (io->status)
		mmput(io->mm); /* expect: unchecked-mmget-not-zero put where the pin may have failed */
}

void mf_run(struct mf_io *io)
{
	mf_plain_store(io);
	mf_int_flag(io);
	mf_inverted(io);
	mf_untested(io);
	mf_other_request(io);
	mf_put_on_other_member(io);
}
