#include <linux/mmlint_stub.h>
/*
 * mmget-on-unpinned-mm: plain mmget() only on an mm the caller already holds
 * mm_users on. Shaped on fa582c6f3684 (amdkfd: an interval notifier did
 * mmget(mni->mm) while the process could be exiting) and on a driver that
 * keeps its mm with mmgrab() only.
 * Quiet: task->mm under task_lock() (kernel/fork.c, memcontrol), current->mm,
 * after a successful mmget_not_zero(), get_task_mm().
 */

struct sv_range {
	struct mmu_interval_notifier notifier;
	struct work_struct work;
	struct mm_struct *work_mm;
};

struct sv_dev {
	struct mm_struct *mm;		/* mmgrab() at open */
	struct mm_struct *extra;
	struct work_struct stats_work;
	u64 rss;
};

static bool sv_invalidate(struct mmu_interval_notifier *mni,
			  const struct mmu_notifier_range *range,
			  unsigned long cur_seq)
{
	struct sv_range *r = container_of(mni, struct sv_range, notifier);

	mmget(mni->mm); /* expect: mmget-on-unpinned-mm replay=confirmed */
	r->work_mm = mni->mm;
	schedule_work(&r->work);
	return true;
}

static bool sv_invalidate_fixed(struct mmu_interval_notifier *mni,
				const struct mmu_notifier_range *range,
				unsigned long cur_seq)
{
	struct sv_range *r = container_of(mni, struct sv_range, notifier);

	if (!mmget_not_zero(mni->mm))
		return true;
	r->work_mm = mni->mm;
	schedule_work(&r->work);
	return true;
}

static const struct mmu_interval_notifier_ops sv_ops = {
	.invalidate = sv_invalidate,
};

static const struct mmu_interval_notifier_ops sv_ops_fixed = {
	.invalidate = sv_invalidate_fixed,
};

int sv_open(struct sv_dev *d)
{
	d->mm = current->mm;
	mmgrab(d->mm);
	return 0;
}

int sv_open_extra(struct sv_dev *d)
{
	mmget(current->mm); /* ok: mmget-on-unpinned-mm */
	d->extra = current->mm;
	return 0;
}

void sv_grab_more(struct sv_dev *d)
{
	mmget(d->mm); /* expect: mmget-on-unpinned-mm */
}

/* A work item queued by the driver: it can run after the owner exited. */
static void sv_stats_work(struct work_struct *work)
{
	struct sv_dev *d = container_of(work, struct sv_dev, stats_work);

	mmget(d->mm); /* expect: mmget-on-unpinned-mm replay=confirmed */
	d->rss = atomic_read(&d->mm->mm_users);
	mmput(d->mm);
}

void sv_start_stats(struct sv_dev *d)
{
	INIT_WORK(&d->stats_work, sv_stats_work);
	schedule_work(&d->stats_work);
}

void sv_grab_more_fixed(struct sv_dev *d)
{
	if (mmget_not_zero(d->mm))
		mmget(d->mm); /* ok: mmget-on-unpinned-mm */
}

struct mm_struct *sv_task_mm(struct task_struct *task)
{
	struct mm_struct *mm;

	task_lock(task);
	mm = task->mm;
	if (mm)
		mmget(mm); /* ok: mmget-on-unpinned-mm */
	task_unlock(task);
	return mm;
}
