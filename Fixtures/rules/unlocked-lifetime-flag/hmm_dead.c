#include <linux/mmlint_stub.h>
/*
 * unlocked-lifetime-flag: the hmm->dead race of 5.2 ("You can't solve races
 * with unlocked/non-atomic variables", Jason Gunthorpe, 2019). ->release sets
 * a plain bool; the fault path tests it, then uses the mm. The release can
 * run between the test and the use.
 * Quiet: the flag written and read under the same lock, WRITE_ONCE/READ_ONCE,
 * a test whose alive side does not touch the address space, and the fixed
 * form that pins the mm with mmget_not_zero().
 */

struct hd_mirror {
	struct mmu_notifier mn;
	struct mm_struct *mm;
	spinlock_t lock;
	bool dead;
	bool locked_dead;
	bool marked_dead;
	unsigned long addr;
	struct page *page;
	struct work_struct fault_work;
};

static void hd_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct hd_mirror *m = container_of(mn, struct hd_mirror, mn);

	m->dead = true;
	spin_lock(&m->lock);
	m->locked_dead = true;
	spin_unlock(&m->lock);
	WRITE_ONCE(m->marked_dead, true);
}

static const struct mmu_notifier_ops hd_ops = {
	.release = hd_release,
};

long hd_fault(struct hd_mirror *m)
{
	long ret;

	if (m->dead) /* expect: unlocked-lifetime-flag replay=confirmed */
		return -ESRCH;
	mmap_read_lock(m->mm);
	ret = get_user_pages_remote(m->mm, m->addr, 1, 0, &m->page, NULL);
	mmap_read_unlock(m->mm);
	return ret;
}

/* The device's fault handler runs from a work item, after the owner may have exited. */
static void hd_fault_work(struct work_struct *work)
{
	struct hd_mirror *m = container_of(work, struct hd_mirror, fault_work);

	hd_fault(m);
}

void hd_mirror_init(struct hd_mirror *m)
{
	INIT_WORK(&m->fault_work, hd_fault_work);
}

long hd_fault_locked(struct hd_mirror *m)
{
	long ret = -ESRCH;

	spin_lock(&m->lock);
	if (!m->locked_dead) /* ok: unlocked-lifetime-flag */
		ret = get_user_pages_remote(m->mm, m->addr, 1, 0, &m->page, NULL);
	spin_unlock(&m->lock);
	return ret;
}

long hd_fault_marked(struct hd_mirror *m)
{
	if (READ_ONCE(m->marked_dead)) /* ok: unlocked-lifetime-flag */
		return -ESRCH;
	return get_user_pages_remote(m->mm, m->addr, 1, 0, &m->page, NULL);
}

int hd_status(struct hd_mirror *m)
{
	if (m->dead) /* ok: unlocked-lifetime-flag */
		return -ESRCH;
	return 0;
}

long hd_fault_fixed(struct hd_mirror *m)
{
	long ret;

	if (!mmget_not_zero(m->mm))
		return -ESRCH;
	mmap_read_lock(m->mm);
	ret = get_user_pages_remote(m->mm, m->addr, 1, 0, &m->page, NULL);
	mmap_read_unlock(m->mm);
	mmput(m->mm);
	return ret;
}

/* Not flags: a pointer cleared to NULL at teardown and a state value (-1),
 * the 6.12 shapes of kfd_svm's ttm_res and iommufd's user->locked. */
struct hd_user {
	struct mmu_notifier mn;
	struct mm_struct *mm;
	struct page **upages;
	int locked;
	unsigned long addr;
};

static void hd_user_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct hd_user *u = container_of(mn, struct hd_user, mn);

	u->upages = NULL;
	u->locked = -1;
}

static const struct mmu_notifier_ops hd_user_ops = {
	.release = hd_user_release,
};

long hd_user_pin(struct hd_user *u)
{
	if (!u->upages) /* ok: unlocked-lifetime-flag */
		return -ENOMEM;
	if (u->locked == -1) /* ok: unlocked-lifetime-flag */
		return -EINVAL;
	return get_user_pages_remote(u->mm, u->addr, 1, 0, u->upages, NULL);
}
