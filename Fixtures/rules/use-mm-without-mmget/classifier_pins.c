#include <linux/mmlint_stub.h>
/*
 * use-mm-without-mmget: the pin taken by a helper that reports one of several states (an
 * enum, or #define'd codes), the caller comparing or switching on the state. What the
 * caller learns is what holds at every return of the state it tests: mm_users is held
 * only where the helper returns CP_PINNED after mmget_not_zero() succeeded; CP_KERNEL is
 * returned without a pin; a state returned on both a pinned and an unpinned path proves
 * nothing. (These functions drop the pin they test, which the rule already takes as the
 * evidence of a pin: the file guards the spellings; the pmd fixture classifier_constants.c is
 * the one that needs the classifier's constants.)
 */

struct cp_dev {
	struct mm_struct *mm;
	struct work_struct work;
	void __user *uptr;
	u32 status;
};

enum cp_state { CP_GONE, CP_KERNEL, CP_PINNED };
#define CP2_OK		1
#define CP2_LIVE	3

int cp_dev_bind(struct cp_dev *d)
{
	mmgrab(current->mm);
	d->mm = current->mm;
	return 0;
}

void cp_dev_unbind(struct cp_dev *d)
{
	cancel_work_sync(&d->work);
	mmdrop(d->mm);
}

static enum cp_state cp_pin(struct cp_dev *d)
{
	if (!d->mm)
		return CP_KERNEL;
	if (!mmget_not_zero(d->mm))
		return CP_GONE;
	return CP_PINNED;
}

/* CP2_OK on both sides of the pin: the code tells nothing */
static int cp2_pin_loose(struct cp_dev *d)
{
	if (!d->uptr)
		return CP2_OK;
	if (!mmget_not_zero(d->mm))
		return 0;
	return CP2_LIVE;
}

static void cp_write_switch(struct work_struct *w)
{
	struct cp_dev *d = container_of(w, struct cp_dev, work);

	switch (cp_pin(d)) {
	case CP_PINNED:
		kthread_use_mm(d->mm); /* ok: use-mm-without-mmget */
		copy_to_user(d->uptr, &d->status, sizeof(d->status));
		kthread_unuse_mm(d->mm);
		mmput(d->mm);
		break;
	default:
		break;
	}
}

static void cp_write_local(struct work_struct *w)
{
	struct cp_dev *d = container_of(w, struct cp_dev, work);
	enum cp_state st = cp_pin(d);

	if (st != CP_PINNED)
		return;
	kthread_use_mm(d->mm); /* ok: use-mm-without-mmget */
	copy_to_user(d->uptr, &d->status, sizeof(d->status));
	kthread_unuse_mm(d->mm);
	mmput(d->mm);
}

static void cp_write_kernel(struct work_struct *w)
{
	struct cp_dev *d = container_of(w, struct cp_dev, work);

	if (cp_pin(d) == CP_KERNEL) {
		kthread_use_mm(d->mm); /* expect: use-mm-without-mmget */
		kthread_unuse_mm(d->mm);
	}
}

static void cp2_write(struct work_struct *w)
{
	struct cp_dev *d = container_of(w, struct cp_dev, work);
	int r = cp2_pin_loose(d);

	if (r == CP2_LIVE) {
		kthread_use_mm(d->mm); /* ok: use-mm-without-mmget */
		copy_to_user(d->uptr, &d->status, sizeof(d->status));
		kthread_unuse_mm(d->mm);
		mmput(d->mm);
	}
	else if (r == CP2_OK) {
		kthread_use_mm(d->mm); /* expect: use-mm-without-mmget */
		kthread_unuse_mm(d->mm);
	}
}

void cp_dev_init(struct cp_dev *d, int which)
{
	if (which == 0)
		INIT_WORK(&d->work, cp_write_switch);
	else if (which == 1)
		INIT_WORK(&d->work, cp_write_local);
	else if (which == 2)
		INIT_WORK(&d->work, cp_write_kernel);
	else
		INIT_WORK(&d->work, cp2_write);
}
