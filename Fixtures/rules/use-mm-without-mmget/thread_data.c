#include <linux/mmlint_stub.h>
/*
 * use-mm-without-mmget, mmgrab-only-access: the mm handed to a kernel thread as its data
 * (`kthread_run(fn, mm, …)`, vocabulary callback_data): the thread's parameter holds what the
 * starter held on it at the call — mm_count only, or nothing at all for the running task's mm
 * (the thread may outlive the task). Fixed: the starter hands it mm_users, or the thread pins it
 * with mmget_not_zero() itself.
 */

/* 1. mmgrab() before the start: mm_count only. */
static int td1_thread(void *data)
{
	struct mm_struct *mm = data;

	kthread_use_mm(mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(mm);
	mmdrop(mm);
	return 0;
}

int td1_start(void)
{
	mmgrab(current->mm);
	kthread_run(td1_thread, current->mm, "td1");
	return 0;
}

/* 2. The running task's mm with no reference at all, its thread's result kept. */
static int td2_thread(void *arg)
{
	struct mm_struct *mm = arg;
	unsigned long v;

	if (access_remote_vm(mm, 0x1000, &v, sizeof(v), 0) != sizeof(v)) /* expect: mmgrab-only-access */
		return -EFAULT;
	return 0;
}

int td2_start(void)
{
	struct task_struct *k = kthread_run(td2_thread, current->mm, "td2");

	return IS_ERR(k) ? PTR_ERR(k) : 0;
}

/* 3. Fixed: mm_users handed over. */
static int td3_thread(void *data)
{
	struct mm_struct *mm = data;

	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	kthread_unuse_mm(mm);
	mmput(mm);
	return 0;
}

int td3_start(void)
{
	mmget(current->mm);
	kthread_run(td3_thread, current->mm, "td3");
	return 0;
}

/* 4. Fixed: the thread upgrades the count it was handed. */
static int td4_thread(void *arg)
{
	struct mm_struct *mm = arg;

	if (!mmget_not_zero(mm))
		goto out;
	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	kthread_unuse_mm(mm);
	mmput(mm);
out:
	mmdrop(mm);
	return 0;
}

int td4_start(void)
{
	mmgrab(current->mm);
	kthread_run(td4_thread, current->mm, "td4");
	return 0;
}

/* 5. Fixed: get_task_mm() in a local handed over. */
static int td5_thread(void *data)
{
	struct mm_struct *mm = data;

	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	kthread_unuse_mm(mm);
	mmput(mm);
	return 0;
}

int td5_start(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	kthread_run(td5_thread, mm, "td5");
	return 0;
}
