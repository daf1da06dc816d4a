#include <linux/mmlint_stub.h>
/*
 * use-mm-without-mmget: the pin recorded as a bit of a state word (`state |= HAVE_MM` where
 * mmget_not_zero() succeeded) and the borrow under a test of that bit. The test of the bit
 * stands for the pin; a test of another bit of the same word, or of the word as a whole, does not.
 */

struct bw_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	void __user *uptr;
	u32 status;
};

#define BW_HAVE_MM	0x1
#define BW_RUNNING	0x2
#define BW_QUEUED	(1U << 2)

static void bw_copy(struct bw_ctx *c)
{
	copy_to_user(c->uptr, &c->status, sizeof(c->status));
}

static void bw_work_bit(struct work_struct *w)
{
	struct bw_ctx *c = container_of(w, struct bw_ctx, work);
	unsigned int state = 0;

	if (mmget_not_zero(c->mm))
		state |= BW_HAVE_MM;
	state |= BW_RUNNING;
	if (state & BW_HAVE_MM) {
		kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
		bw_copy(c);
		kthread_unuse_mm(c->mm);
	}
	if (state & BW_HAVE_MM)
		mmput(c->mm);
}

static void bw_work_wrong_bit(struct work_struct *w)
{
	struct bw_ctx *c = container_of(w, struct bw_ctx, work);
	unsigned int state = 0;

	if (mmget_not_zero(c->mm))
		state |= BW_HAVE_MM;
	state |= BW_RUNNING;
	if (state & BW_RUNNING) {
		kthread_use_mm(c->mm); /* expect: use-mm-without-mmget the bit tested is not the pin */
		bw_copy(c);
		kthread_unuse_mm(c->mm);
	}
	if (state & BW_HAVE_MM)
		mmput(c->mm);
}

static void bw_work_shift(struct work_struct *w)
{
	struct bw_ctx *c = container_of(w, struct bw_ctx, work);
	u32 flags = BW_RUNNING;

	if (!mmget_not_zero(c->mm))
		goto out;
	flags |= BW_QUEUED;
out:
	if (!(flags & BW_QUEUED))
		return;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	bw_copy(c);
	kthread_unuse_mm(c->mm);
	mmput(c->mm);
}

static void bw_work_word(struct work_struct *w)
{
	struct bw_ctx *c = container_of(w, struct bw_ctx, work);
	u32 flags = BW_RUNNING;

	if (mmget_not_zero(c->mm))
		flags |= BW_QUEUED;
	if (!flags)
		return;
	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget the word is never zero */
	bw_copy(c);
	kthread_unuse_mm(c->mm);
	if (flags & BW_QUEUED)
		mmput(c->mm);
}

/* the bit copied into a bool, and compared with zero */
static void bw_work_copy(struct work_struct *w)
{
	struct bw_ctx *c = container_of(w, struct bw_ctx, work);
	unsigned long state = BW_RUNNING;
	bool have;

	if (mmget_not_zero(c->mm))
		state |= BW_HAVE_MM | BW_QUEUED;
	have = (state & BW_HAVE_MM) != 0;
	if (have) {
		kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
		bw_copy(c);
		kthread_unuse_mm(c->mm);
	}
	if ((state & BW_QUEUED) == 0)
		return;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
	bw_copy(c);
	kthread_unuse_mm(c->mm);
	mmput(c->mm);
}

/* the pin's bit cleared before the borrow */
static void bw_work_cleared(struct work_struct *w)
{
	struct bw_ctx *c = container_of(w, struct bw_ctx, work);
	unsigned int state = 0;

	if (mmget_not_zero(c->mm)) {
		state |= BW_HAVE_MM;
		mmput(c->mm);
		state &= ~BW_HAVE_MM;
	}
	if (!(state & BW_HAVE_MM))
		return;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget never reached */
	bw_copy(c);
	kthread_unuse_mm(c->mm);
}

void bw_start(struct bw_ctx *c)
{
	INIT_WORK(&c->work, bw_work_copy);
	INIT_WORK(&c->work, bw_work_cleared);
	INIT_WORK(&c->work, bw_work_bit);
	INIT_WORK(&c->work, bw_work_wrong_bit);
	INIT_WORK(&c->work, bw_work_shift);
	INIT_WORK(&c->work, bw_work_word);
	mmgrab(current->mm);
	c->mm = current->mm;
}
