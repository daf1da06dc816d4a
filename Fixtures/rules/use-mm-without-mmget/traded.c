#include <linux/mmlint_stub.h>
/*
 * A users reference traded for a count one: get_task_mm(), then mmgrab() and mmput() of what
 * was stored (powerpc's vas-api.c keeps the window's mm this way). The field holds mm_count
 * only: a borrow through it needs mmget_not_zero(). Judged by the references the storing
 * function leaves on the value, in whatever spelling.
 */

struct tr_win {
	struct mm_struct *mm;
	struct work_struct fault_work;
	u32 __user *csb;
};

static void tr_fault_work(struct work_struct *work)
{
	struct tr_win *w = container_of(work, struct tr_win, fault_work);

	kthread_use_mm(w->mm); /* expect: use-mm-without-mmget */
	put_user(1, w->csb);
	kthread_unuse_mm(w->mm);
}

/* 1. Stored straight from get_task_mm(), traded in place. */
int tr_open(struct tr_win *w)
{
	w->mm = get_task_mm(current);
	if (!w->mm)
		return -EPERM;
	mmgrab(w->mm);
	mmput(w->mm);
	INIT_WORK(&w->fault_work, tr_fault_work);
	return 0;
}

/* 2. Through a local, traded before the store. */
struct tr_win2 {
	struct mm_struct *mm;
	struct work_struct fault_work;
	u32 __user *csb;
};

static void tr2_fault_work(struct work_struct *work)
{
	struct tr_win2 *w = container_of(work, struct tr_win2, fault_work);

	kthread_use_mm(w->mm); /* expect: use-mm-without-mmget */
	put_user(1, w->csb);
	kthread_unuse_mm(w->mm);
}

int tr2_open(struct tr_win2 *w)
{
	struct mm_struct *mm = get_task_mm(current);

	if (!mm)
		return -EPERM;
	mmgrab(mm);
	mmput(mm);
	w->mm = mm;
	INIT_WORK(&w->fault_work, tr2_fault_work);
	return 0;
}

/* 3. Not traded: an error path drops the users reference, nothing grabs. A users holder. */
struct tr_keep {
	struct mm_struct *mm;
	struct work_struct fault_work;
	u32 __user *csb;
	int mode;
};

static void tr_keep_work(struct work_struct *work)
{
	struct tr_keep *k = container_of(work, struct tr_keep, fault_work);

	kthread_use_mm(k->mm); /* ok: use-mm-without-mmget */
	put_user(1, k->csb);
	kthread_unuse_mm(k->mm);
}

int tr_keep_open(struct tr_keep *k)
{
	k->mm = get_task_mm(current);
	if (!k->mm)
		return -EPERM;
	if (k->mode < 0) {
		mmput(k->mm);
		return -EINVAL;
	}
	INIT_WORK(&k->fault_work, tr_keep_work);
	return 0;
}
