#include <linux/mmlint_stub.h>
/*
 * mm-ref-imbalance: references taken and dropped in one function.
 *   - get_task_mm() into a local, an error path returns without mmput()
 *   - the procfs do_procmap_query() double mmput (2026): mmput() then a goto
 *     to the label that drops it again
 *   - quiet: the fixed forms, a getter that returns with the pin held and
 *     says so, a reference handed to a work item, a local returned to the caller
 */

struct pq_req {
	struct task_struct *task;
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long addr;
	int len;
	bool ready;
};

int pq_check(struct pq_req *r)
{
	return r->len > 4096 ? -EINVAL : 0;
}

int pq_read_task(struct pq_req *r, void *buf)
{
	struct mm_struct *mm;
	int ret;

	mm = get_task_mm(r->task);
	if (!mm)
		return -ESRCH;
	if (r->len <= 0)
		return -EINVAL; /* expect: mm-ref-imbalance */
	ret = access_remote_vm(mm, r->addr, buf, r->len, 0);
	mmput(mm);
	return ret;
}

/* Two exits leak the same local: two findings, told apart by their fingerprints. */
int pq_read_task_twice(struct pq_req *r, void *buf)
{
	struct mm_struct *mm;
	int ret;

	mm = get_task_mm(r->task);
	if (!mm)
		return -ESRCH;
	if (r->len <= 0)
		return -EINVAL; /* expect: mm-ref-imbalance */
	if (r->len > 4096)
		return -ENOMEM; /* expect: mm-ref-imbalance */
	ret = access_remote_vm(mm, r->addr, buf, r->len, 0);
	mmput(mm);
	return ret;
}

int pq_read_task_fixed(struct pq_req *r, void *buf)
{
	struct mm_struct *mm;
	int ret = -EINVAL;

	mm = get_task_mm(r->task);
	if (!mm)
		return -ESRCH;
	if (r->len <= 0)
		goto out;
	ret = access_remote_vm(mm, r->addr, buf, r->len, 0);
out:
	mmput(mm);
	return ret; /* ok: mm-ref-imbalance */
}

int pq_query(struct pq_req *r)
{
	struct mm_struct *mm = r->mm;
	int err;

	if (!mmget_not_zero(mm))
		return -ESRCH;
	err = pq_check(r);
	if (err) {
		mmput(mm);
		goto out;
	}
	r->ready = true;
out:
	mmput(mm); /* expect: mm-ref-imbalance */
	return err;
}

int pq_query_fixed(struct pq_req *r)
{
	struct mm_struct *mm = r->mm;
	int err;

	if (!mmget_not_zero(mm))
		return -ESRCH;
	err = pq_check(r);
	if (err)
		goto out;
	r->ready = true;
out:
	mmput(mm); /* ok: mm-ref-imbalance */
	return err;
}

/* Error path of a member pin: the early return forgets the mmput(). */
int pq_refresh(struct pq_req *r)
{
	if (!mmget_not_zero(r->mm))
		return -ESRCH;
	if (pq_check(r) < 0)
		return -EIO; /* expect: mm-ref-imbalance */
	r->ready = true;
	mmput(r->mm);
	return 0;
}

/* A getter: true means "you now hold mm_users", false means nothing held. */
bool pq_pin(struct pq_req *r)
{
	if (!mmget_not_zero(r->mm))
		return false;
	if (pq_check(r)) {
		mmput(r->mm);
		return false;
	}
	return true; /* ok: mm-ref-imbalance */
}

/* The reference travels with the work item; the worker drops it. */
static void pq_work(struct work_struct *work)
{
	struct pq_req *r = container_of(work, struct pq_req, work);

	kthread_use_mm(r->mm);
	kthread_unuse_mm(r->mm);
	mmput(r->mm);
}

int pq_queue(struct pq_req *r)
{
	if (!mmget_not_zero(r->mm))
		return -ESRCH;
	if (!r->len) {
		mmput(r->mm);
		return 0;
	}
	INIT_WORK(&r->work, pq_work);
	schedule_work(&r->work);
	return 0; /* ok: mm-ref-imbalance */
}

/* Returned to the caller, who owns the reference. */
struct mm_struct *pq_get_mm(struct pq_req *r)
{
	struct mm_struct *mm = get_task_mm(r->task);

	if (!mm)
		return NULL;
	if (pq_check(r)) {
		mmput(mm);
		return NULL;
	}
	return mm; /* ok: mm-ref-imbalance */
}
