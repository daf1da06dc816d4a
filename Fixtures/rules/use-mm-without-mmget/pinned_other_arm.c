#include <linux/mmlint_stub.h>
/*
 * A function that pins the holder's mm on another path and puts it there too: the pin lives
 * within the call, so the borrow on the path without it has no reference (reported as an error,
 * not the note of a pin kept across calls). Spelled as a switch arm and as a bool helper whose
 * result is ignored. The note stays for a function that pins and keeps the pin in the object's
 * state (iommufd's pfn_reader_user_pin shape: put elsewhere).
 */

struct pa_slot {
	struct mm_struct *mm;
	int kind;
};

struct pa_dev {
	struct pa_slot slots[4];
	struct work_struct work;
	int cur;
	int locked;
};

static void pa_set(struct pa_slot *s, struct mm_struct *mm)
{
	mmgrab(mm);
	s->mm = mm;
}

long pa_ioctl(struct pa_dev *d, int i)
{
	pa_set(&d->slots[i], current->mm);
	return 0;
}

static void pa_work(struct work_struct *w)
{
	struct pa_dev *d = container_of(w, struct pa_dev, work);
	struct pa_slot *s = &d->slots[d->cur];

	switch (s->kind) {
	case 1:
		kthread_use_mm(s->mm); /* expect: use-mm-without-mmget */
		kthread_unuse_mm(s->mm);
		break;
	case 2:
		if (mmget_not_zero(s->mm)) {
			kthread_use_mm(s->mm); /* ok: use-mm-without-mmget */
			kthread_unuse_mm(s->mm);
			mmput(s->mm);
		}
		break;
	default:
		break;
	}
}

static bool pa_get(struct pa_slot *s)
{
	return s->mm && mmget_not_zero(s->mm);
}

static void pa_work_ignored(struct work_struct *w)
{
	struct pa_dev *d = container_of(w, struct pa_dev, work);
	struct pa_slot *s = &d->slots[0];

	pa_get(s); /* expect: unchecked-mmget-not-zero */
	kthread_use_mm(s->mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(s->mm);
	mmput(s->mm);
}

/* pinned on the first call and kept in d->locked; dropped by another function */
static void pa_work_kept(struct work_struct *w)
{
	struct pa_dev *d = container_of(w, struct pa_dev, work);
	struct pa_slot *s = &d->slots[1];

	if (!d->locked) {
		if (!mmget_not_zero(s->mm))
			return;
		d->locked = 1;
	}
	kthread_use_mm(s->mm); /* note: use-mm-without-mmget */
	kthread_unuse_mm(s->mm);
}

void pa_release(struct pa_dev *d)
{
	if (d->locked)
		mmput(d->slots[1].mm);
}

void pa_init(struct pa_dev *d)
{
	INIT_WORK(&d->work, pa_work);
	INIT_WORK(&d->work, pa_work_ignored);
	INIT_WORK(&d->work, pa_work_kept);
}
