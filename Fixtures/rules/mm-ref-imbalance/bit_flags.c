#include <linux/mmlint_stub.h>
/*
 * mm-ref-imbalance, unchecked-mmget-not-zero: whether the pin was taken, recorded as a bit of
 * a state word (a local or a member this function stores; set with `|=`, `= x | BIT`, cleared
 * with `&= ~BIT`) and read back by a test of that bit (`x & BIT`, `!(x & BIT)`,
 * `(x & BIT) == 0`, a bool copied from it). The put under the test of the pin's bit drops
 * exactly the references taken; a put under another bit, or under the whole word, drops one
 * that failed, and leaves one taken on the path where the other bit was clear.
 */

struct bf_job {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long flags;
	void __user *uptr;
	u32 status;
};

#define BF_PINNED	0x1
#define BF_ACTIVE	0x2
#define BF_DONE		(1UL << 4)

static void bf_copy(struct bf_job *j)
{
	copy_to_user(j->uptr, &j->status, sizeof(j->status));
}

/* a member word the function stores: set and tested the same way */
static void bf_member_word(struct work_struct *w)
{
	struct bf_job *j = container_of(w, struct bf_job, work);

	j->flags = BF_ACTIVE;
	if (mmget_not_zero(j->mm))
		j->flags |= BF_PINNED;
	if (j->flags & BF_PINNED) {
		kthread_use_mm(j->mm); /* ok: use-mm-without-mmget */
		bf_copy(j);
		kthread_unuse_mm(j->mm);
	}
	if (j->flags & BF_PINNED)
		mmput(j->mm); /* ok: unchecked-mmget-not-zero */
}

/* `x = x | BIT`, and the bit tested as `(x & BIT) == 0` */
static void bf_plain_or(struct work_struct *w)
{
	struct bf_job *j = container_of(w, struct bf_job, work);
	unsigned int st = BF_ACTIVE;

	if (mmget_not_zero(j->mm)) /* ok: mm-ref-imbalance */
		st = st | BF_PINNED;
	bf_copy(j);
	if ((st & BF_PINNED) == 0)
		return;
	mmput(j->mm); /* ok: unchecked-mmget-not-zero */
}

/* the bit cleared again once the put is done: a later test of it drops nothing twice */
static void bf_cleared(struct work_struct *w)
{
	struct bf_job *j = container_of(w, struct bf_job, work);
	unsigned int st = 0;

	if (mmget_not_zero(j->mm))
		st |= BF_PINNED | BF_ACTIVE;
	if (st & BF_PINNED) {
		bf_copy(j);
		mmput(j->mm); /* ok: mm-ref-imbalance */
		st &= ~BF_PINNED;
	}
	if (st & BF_PINNED)
		mmput(j->mm); /* ok: mm-ref-imbalance */
}

/* a bool copied from the bit */
static void bf_bool_copy(struct work_struct *w)
{
	struct bf_job *j = container_of(w, struct bf_job, work);
	unsigned int st = 0;
	bool pinned;

	if (mmget_not_zero(j->mm)) /* ok: mm-ref-imbalance */
		st |= BF_PINNED;
	pinned = st & BF_PINNED;
	bf_copy(j);
	if (pinned)
		mmput(j->mm); /* ok: unchecked-mmget-not-zero */
}

/* the bit copied, then cleared in the word (a local, and a member): the copy still tells */
static void bf_copy_then_clear(struct work_struct *w)
{
	struct bf_job *j = container_of(w, struct bf_job, work);
	unsigned int st = 0;
	bool pinned, member_pinned;

	if (mmget_not_zero(j->mm)) /* ok: mm-ref-imbalance */
		st |= BF_PINNED;
	pinned = st & BF_PINNED;
	st &= ~BF_PINNED;
	bf_copy(j);
	if (pinned)
		mmput(j->mm); /* ok: unchecked-mmget-not-zero */
	j->flags = 0;
	if (mmget_not_zero(j->mm)) /* ok: mm-ref-imbalance */
		j->flags |= BF_PINNED;
	member_pinned = j->flags & BF_PINNED;
	j->flags &= ~BF_PINNED;
	bf_copy(j);
	if (member_pinned)
		mmput(j->mm); /* ok: unchecked-mmget-not-zero */
}

/* the put under another bit: dropped where the pin failed, kept where it was taken */
static void bf_other_bit(struct work_struct *w)
{
	struct bf_job *j = container_of(w, struct bf_job, work);
	unsigned int st = BF_DONE;

	if (mmget_not_zero(j->mm))
		st |= BF_PINNED;
	bf_copy(j);
	if (st & BF_DONE)
		mmput(j->mm); /* expect: unchecked-mmget-not-zero the bit tested is set whether or not the pin was taken */
}

/* the put under the pin's bit after it was cleared: the reference taken is never dropped */
static void bf_cleared_too_soon(struct work_struct *w)
{
	struct bf_job *j = container_of(w, struct bf_job, work);
	unsigned int st = 0;

	if (mmget_not_zero(j->mm)) /* expect: mm-ref-imbalance the bit is cleared before the put tests it */
		st |= BF_PINNED;
	if (!j->uptr) {
		if (st & BF_PINNED)
			mmput(j->mm);
		return;
	}
	st &= ~BF_PINNED;
	bf_copy(j);
	if (st & BF_PINNED)
		mmput(j->mm);
}

void bf_start(struct bf_job *j)
{
	INIT_WORK(&j->work, bf_member_word);
	INIT_WORK(&j->work, bf_plain_or);
	INIT_WORK(&j->work, bf_cleared);
	INIT_WORK(&j->work, bf_bool_copy);
	INIT_WORK(&j->work, bf_copy_then_clear);
	INIT_WORK(&j->work, bf_other_bit);
	INIT_WORK(&j->work, bf_cleared_too_soon);
	mmgrab(current->mm);
	j->mm = current->mm;
}
