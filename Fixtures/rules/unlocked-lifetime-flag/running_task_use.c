#include <linux/mmlint_stub.h>
/*
 * A flag the notifier's ->release sets, tested before a use of the running task's own mm
 * (`current->mm` in an ioctl, or get_current()->mm through a local): the syscall holds that mm,
 * so the flag guards nothing the teardown takes away — quiet. The same test before a use of
 * the object's notifier mm is reported (the owner's exit can run between the test and the
 * use).
 */

struct rt_umem {
	struct mmu_notifier mn;
	struct mm_struct *mm;		/* the notifier's mm: mm_count only */
	bool dead;
	unsigned long addr;
	struct page *page;
};

static void rt_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	container_of(mn, struct rt_umem, mn)->dead = true;
}

static const struct mmu_notifier_ops rt_ops = {
	.release = rt_release,
};

static long rt_ioctl_self(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct rt_umem *u = file->private_data;
	long ret;

	if (u->dead) /* ok: unlocked-lifetime-flag the use is on the running task mm */
		return -ESRCH;
	mmap_read_lock(current->mm);
	ret = get_user_pages_remote(current->mm, u->addr, 1, 0, &u->page, NULL);
	mmap_read_unlock(current->mm);
	return ret;
}

static long rt_ioctl_local(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct rt_umem *u = file->private_data;
	struct mm_struct *mm = get_current()->mm;
	long ret;

	if (READ_ONCE(u->dead) || u->dead) /* ok: unlocked-lifetime-flag the use is on the running task mm */
		return -ESRCH;
	mmap_read_lock(mm);
	ret = get_user_pages_remote(mm, u->addr, 1, 0, &u->page, NULL);
	mmap_read_unlock(mm);
	return ret;
}

static long rt_ioctl_owner(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct rt_umem *u = file->private_data;
	long ret;

	if (u->dead) /* expect: unlocked-lifetime-flag the use is on the notifier mm */
		return -ESRCH;
	mmap_read_lock(u->mm);
	ret = get_user_pages_remote(u->mm, u->addr, 1, 0, &u->page, NULL);
	mmap_read_unlock(u->mm);
	return ret;
}

static const struct file_operations rt_fops1 = { .unlocked_ioctl = rt_ioctl_self };
static const struct file_operations rt_fops2 = { .unlocked_ioctl = rt_ioctl_local };
static const struct file_operations rt_fops3 = { .unlocked_ioctl = rt_ioctl_owner };
