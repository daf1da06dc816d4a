#include <linux/mmlint_stub.h>
/*
 * The submitter grabs mm_count for the request and tries mm_users for its worker, recording the
 * try in a flag member (the f_fs completion shape with the pin taken at submit). The member
 * keeps mm_count for sure and mm_users only where the flag is set: a worker that borrows the mm
 * without testing the flag borrows a grab-only mm; one that tests it holds mm_users, and its
 * `if (flag) mmput(); mmdrop();` drops both references it was handed. Three spellings of the
 * try: `if (mmget_not_zero(r->mm)) r->live = true;`, `r->live = mmget_not_zero(r->mm);`, and
 * the try on a local before the store (`r->live = mmget_not_zero(mm); r->mm = mm;`).
 */

struct pf_req {
	struct mm_struct *mm;
	struct work_struct work;
	bool live;
	u32 __user *res;
};

static void pf_work_untested(struct work_struct *work)
{
	struct pf_req *r = container_of(work, struct pf_req, work);

	kthread_use_mm(r->mm); /* expect: use-mm-without-mmget replay=confirmed */
	put_user(0, r->res);
	kthread_unuse_mm(r->mm);
	if (r->live)
		mmput(r->mm); /* ok: mm-drop-kind-mismatch the pin the flag records */
	mmdrop(r->mm); /* ok: mm-drop-kind-mismatch the grab at submit */
	kfree(r); /* ok: mm-ref-imbalance both dropped */
}

static int pf_submit(struct pf_req *r)
{
	mmgrab(current->mm);
	r->mm = current->mm;
	if (mmget_not_zero(r->mm))
		r->live = true;
	INIT_WORK(&r->work, pf_work_untested);
	schedule_work(&r->work);
	return 0;
}

struct pg_req {
	struct mm_struct *mm;
	struct work_struct work;
	bool live;
	u32 __user *res;
};

static void pg_work(struct work_struct *work)
{
	struct pg_req *r = container_of(work, struct pg_req, work);

	if (r->live) {
		kthread_use_mm(r->mm); /* ok: use-mm-without-mmget the flag is set */
		put_user(0, r->res);
		kthread_unuse_mm(r->mm);
		mmput(r->mm); /* ok: mm-drop-kind-mismatch the pin the flag records */
	}
	mmdrop(r->mm); /* ok: mm-drop-kind-mismatch the grab at submit */
	kfree(r); /* ok: mm-ref-imbalance both dropped */
}

static int pg_submit(struct pg_req *r)
{
	mmgrab(current->mm);
	r->mm = current->mm;
	r->live = mmget_not_zero(r->mm);
	INIT_WORK(&r->work, pg_work);
	schedule_work(&r->work);
	return 0;
}

struct ph_req {
	struct mm_struct *mm;
	struct work_struct work;
	bool live;
	bool sync;
	u32 __user *res;
};

static void ph_work(struct work_struct *work)
{
	struct ph_req *r = container_of(work, struct ph_req, work);

	if (!r->sync) {
		kthread_use_mm(r->mm); /* expect: use-mm-without-mmget another flag is tested */
		put_user(0, r->res);
		kthread_unuse_mm(r->mm);
	}
	if (r->live)
		mmput(r->mm); /* ok: mm-drop-kind-mismatch the pin the flag records */
	mmdrop(r->mm); /* ok: mm-drop-kind-mismatch the grab at submit */
	kfree(r);
}

static int ph_submit(struct ph_req *r)
{
	struct mm_struct *mm = current->mm;

	mmgrab(mm);
	r->live = mmget_not_zero(mm);
	r->mm = mm;
	INIT_WORK(&r->work, ph_work);
	schedule_work(&r->work);
	return 0;
}

/* the try kept across work items: start tries, run borrows under the flag, stop puts and clears */
struct pk_ctx {
	struct mm_struct *mm;		/* mmgrab() at open */
	struct work_struct start_work;
	struct work_struct run_work;
	struct work_struct stop_work;
	bool have_users;
	u32 __user *p;
};

static void pk_start(struct work_struct *work)
{
	struct pk_ctx *c = container_of(work, struct pk_ctx, start_work);

	c->have_users = mmget_not_zero(c->mm);
}

static void pk_run(struct work_struct *work)
{
	struct pk_ctx *c = container_of(work, struct pk_ctx, run_work);

	if (!c->have_users)
		return;
	kthread_use_mm(c->mm); /* ok: use-mm-without-mmget the flag is set */
	put_user(1, c->p);
	kthread_unuse_mm(c->mm);
}

static void pk_stop(struct work_struct *work)
{
	struct pk_ctx *c = container_of(work, struct pk_ctx, stop_work);

	if (c->have_users)
		mmput(c->mm);
	c->have_users = false; /* ok: mm-ref-imbalance nothing to drop where the flag is clear */
}

int pk_open(struct pk_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	INIT_WORK(&c->start_work, pk_start);
	INIT_WORK(&c->run_work, pk_run);
	INIT_WORK(&c->stop_work, pk_stop);
	return 0;
}
