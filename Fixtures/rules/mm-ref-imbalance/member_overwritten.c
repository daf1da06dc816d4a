#include <linux/mmlint_stub.h>
/*
 * A member that holds a reference this function took, given a new value (NULL, another
 * mm) before anything drops it or copies it elsewhere: the reference can no longer be
 * dropped (vhost_dev_set_owner's error paths clear dev->mm; the put must come first).
 * Not reported: the member put first (or tested NULL on that path), moved to another
 * holder or still named by a local that drops it.
 */

struct mo_dev {
	struct mm_struct *mm;
	struct task_struct *worker;
	struct task_struct *a, *b;
};

struct mo_owner {
	struct mm_struct *mm;
};

extern int mo_cgroup_attach(struct task_struct *t);

/* Reads the object, keeps nothing of its mm (an unknown callee handed the object might). */
static int mo_attach(struct mo_dev *dev)
{
	return mo_cgroup_attach(dev->worker);
}

/* 1. BUG: the error path clears the member that holds get_task_mm()'s reference. */
long mo_set_owner_leak(struct mo_dev *dev)
{
	struct task_struct *worker;
	int err;

	dev->mm = get_task_mm(current);
	worker = kthread_create_on_node(NULL, NULL, -1, "mo");
	if (IS_ERR(worker)) {
		err = PTR_ERR(worker);
		goto err_worker;
	}
	dev->worker = worker;
	err = mo_attach(dev);
	if (err) {
		kthread_stop(worker);
		dev->worker = NULL;
		dev->mm = NULL; /* expect: mm-ref-imbalance */
		return err;
	}
	return 0;
err_worker:
	if (dev->mm)
		mmput(dev->mm);
	dev->mm = NULL;
	return err;
}

/* 2. FIXED: put first, then clear. */
long mo_set_owner(struct mo_dev *dev)
{
	int err;

	dev->mm = get_task_mm(current);
	err = mo_attach(dev);
	if (err) {
		if (dev->mm)
			mmput(dev->mm);
		dev->mm = NULL; /* ok: mm-ref-imbalance */
		return err;
	}
	return 0;
}

/* 3. The reference moved to another holder before the member is cleared. */
void mo_hand_over(struct mo_dev *dev, struct mo_owner *o)
{
	dev->mm = get_task_mm(dev->a);
	o->mm = dev->mm;
	dev->mm = NULL; /* ok: mm-ref-imbalance */
}

/* 4. BUG: mm_count taken on the member, lost with WRITE_ONCE on the error path. */
int mo_grab(struct mo_dev *dev)
{
	int err;

	dev->mm = current->mm;
	mmgrab(dev->mm);
	err = mo_attach(dev);
	if (err) {
		WRITE_ONCE(dev->mm, NULL); /* expect: mm-ref-imbalance */
		return err;
	}
	return 0;
}

/* 5. A local still names the mm and drops it after the member is cleared. */
int mo_local_keeps(struct mo_dev *dev)
{
	struct mm_struct *mm = get_task_mm(dev->a);
	int err;

	if (!mm)
		return -ESRCH;
	dev->mm = mm;
	err = mo_attach(dev);
	if (err) {
		dev->mm = NULL; /* ok: mm-ref-imbalance */
		mmput(mm);
		return err;
	}
	return 0;
}

/* 6. BUG: a second reference stored over the first. */
void mo_switch(struct mo_dev *dev, bool other)
{
	dev->mm = get_task_mm(dev->a);
	if (other)
		dev->mm = get_task_mm(dev->b); /* expect: mm-ref-imbalance */
}
