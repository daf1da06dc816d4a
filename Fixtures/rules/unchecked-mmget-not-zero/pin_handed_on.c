#include <linux/mmlint_stub.h>
/*
 * A helper that pins and hands the reference on to an object of its own — a work item it
 * allocates and queues — returns whether it queued, not whether its caller holds a pin: a
 * caller ignoring that result leaks nothing and drops nothing (the worker puts). A helper that
 * hands the pin back through its caller's object (`r->mm = mm; return 0;`) is a pin its caller
 * must test.
 */

struct ho_item {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long addr;
};

static void ho_worker(struct work_struct *work)
{
	struct ho_item *it = container_of(work, struct ho_item, work);

	mmap_read_lock(it->mm);
	mmap_read_unlock(it->mm);
	mmput_async(it->mm);
	kfree(it);
}

static int ho_queue(struct mm_struct *mm, unsigned long addr)
{
	struct ho_item *it = kzalloc(sizeof(*it), GFP_KERNEL);

	if (!it)
		return -ENOMEM;
	if (!mmget_not_zero(mm)) {
		kfree(it);
		return -ESRCH;
	}
	it->mm = mm;
	it->addr = addr;
	INIT_WORK(&it->work, ho_worker);
	schedule_work(&it->work);
	return 0;
}

void ho_invalidate(struct mmu_interval_notifier *mni, unsigned long addr)
{
	ho_queue(mni->mm, addr); /* ok: unchecked-mmget-not-zero the worker owns the pin */
}

/* The same with the pin on the caller's member and a bool result. */
struct ho_ctx {
	struct mm_struct *mm;		/* mmgrab() at open */
	struct workqueue_struct *wq;
};

static bool ho_kick(struct ho_ctx *c)
{
	struct ho_item *job;

	if (!mmget_not_zero(c->mm))
		return false;
	job = kmalloc(sizeof(*job), GFP_KERNEL);
	if (!job) {
		mmput(c->mm);
		return false;
	}
	job->mm = c->mm;
	INIT_WORK(&job->work, ho_worker);
	queue_work(c->wq, &job->work);
	return true;
}

void ho_open(struct ho_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
}

void ho_poke(struct ho_ctx *c)
{
	ho_kick(c); /* ok: unchecked-mmget-not-zero */
}

/* Handed back through the caller's object: the caller holds it where the result is 0. */
struct ho_req {
	struct mm_struct *mm;
	unsigned long addr;
};

static int ho_req_pin(struct ho_req *r, struct mm_struct *mm)
{
	if (!mmget_not_zero(mm))
		return -ESRCH;
	r->mm = mm;
	return 0;
}

void ho_req_run(struct ho_req *r, struct mm_struct *mm)
{
	ho_req_pin(r, mm); /* expect: unchecked-mmget-not-zero */
	mmput(r->mm);
}
