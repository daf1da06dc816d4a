#include <linux/mmlint_stub.h>
/*
 * mm-drop-kind-mismatch: a member's reference put with the other count's put.
 *   - an mmgrab() holder released with mmput() (mm_users underflow: exit_mmap() under the owner)
 *   - kvm async_pf's twin: the work item's mmget() reference dropped with mmdrop()
 * Quiet: the matching put; an mmgrab holder pinned with mmget_not_zero() before its mmput
 * (here or in a caller); both counts taken and both dropped; a conversion at the store.
 */

/* --- an mmgrab() holder --- */
struct dk_ctx {
	struct mm_struct *mm;
	int users;
};

int dk_open(struct dk_ctx *c)
{
	c->mm = current->mm;
	mmgrab(c->mm);
	return 0;
}

void dk_release(struct dk_ctx *c)
{
	mmput(c->mm); /* expect: mm-drop-kind-mismatch */
}

void dk_release_alias(struct dk_ctx *c)
{
	struct mm_struct *mm = c->mm;

	c->users = 0;
	mmput_async(mm); /* expect: mm-drop-kind-mismatch */
}

void dk_release_fixed(struct dk_ctx *c)
{
	mmdrop(c->mm); /* ok: mm-drop-kind-mismatch */
}

/* --- an mmgrab() holder pinned before its mmput(): the correct use --- */
struct dk_sva {
	struct mm_struct *mm;
};

void dk_sva_bind(struct dk_sva *s, struct mm_struct *mm)
{
	mmgrab(mm);
	s->mm = mm;
}

int dk_sva_fault(struct dk_sva *s, unsigned long addr)
{
	struct vm_area_struct *vma;

	if (!mmget_not_zero(s->mm))
		return -EFAULT;
	mmap_read_lock(s->mm);
	vma = find_vma(s->mm, addr);
	mmap_read_unlock(s->mm);
	mmput(s->mm); /* ok: mm-drop-kind-mismatch */
	return vma ? 0 : -EFAULT;
}

/* The pin in the caller, the put in a helper. */
static void dk_sva_done(struct dk_sva *s)
{
	mmput(s->mm); /* ok: mm-drop-kind-mismatch */
}

void dk_sva_work(struct dk_sva *s)
{
	if (!mmget_not_zero(s->mm))
		return;
	dk_sva_done(s);
}

/* --- an mmget() holder: kvm async_pf's work item --- */
struct dk_apf {
	struct work_struct work;
	struct mm_struct *mm;
	unsigned long addr;
};

static void dk_apf_execute(struct work_struct *work)
{
	struct dk_apf *apf = container_of(work, struct dk_apf, work);
	struct mm_struct *mm = apf->mm;

	mmap_read_lock(mm);
	mmap_read_unlock(mm);
	mmdrop(mm); /* expect: mm-drop-kind-mismatch */
}

bool dk_apf_setup(struct dk_apf *w, unsigned long addr)
{
	w->addr = addr;
	w->mm = current->mm;
	mmget(w->mm);
	INIT_WORK(&w->work, dk_apf_execute);
	schedule_work(&w->work);
	return true;
}

/* A get_task_mm() member dropped with mmdrop_sched(). */
struct dk_tracer {
	struct mm_struct *mm;
};

int dk_tracer_attach(struct dk_tracer *t, struct task_struct *task)
{
	t->mm = get_task_mm(task);
	return t->mm ? 0 : -ESRCH;
}

void dk_tracer_detach(struct dk_tracer *t)
{
	mmdrop_sched(t->mm); /* expect: mm-drop-kind-mismatch */
}

/* --- both counts taken, both dropped --- */
struct dk_both {
	struct mm_struct *mm;
};

void dk_both_attach(struct dk_both *b)
{
	b->mm = current->mm;
	mmgrab(b->mm);
	mmget(b->mm);
}

void dk_both_detach(struct dk_both *b)
{
	mmput(b->mm); /* ok: mm-drop-kind-mismatch */
	mmdrop(b->mm); /* ok: mm-drop-kind-mismatch */
}

/* --- converted where it is stored: mm_users taken and given back, mm_count kept --- */
struct dk_conv {
	struct mm_struct *mm;
};

int dk_conv_attach(struct dk_conv *v, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return -ESRCH;
	mmgrab(mm);
	mmput(mm);
	v->mm = mm;
	return 0;
}

void dk_conv_detach(struct dk_conv *v)
{
	mmdrop(v->mm); /* ok: mm-drop-kind-mismatch */
}

/* The same conversion on the member itself (powerpc vas-api.c get_vas_user_win_ref()). */
struct dk_win_ref {
	struct mm_struct *mm;
};

int dk_win_ref_get(struct dk_win_ref *r)
{
	r->mm = get_task_mm(current);
	if (!r->mm)
		return -EPERM;
	mmgrab(r->mm);
	mmput(r->mm); /* ok: mm-drop-kind-mismatch */
	return 0;
}

void dk_win_ref_put(struct dk_win_ref *r)
{
	mmdrop(r->mm); /* ok: mm-drop-kind-mismatch */
}

/* Reached through a local that took the reference: the member holds what the local took. */
struct dk_local {
	struct mm_struct *mm;
};

int dk_local_attach(struct dk_local *l, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return -ESRCH;
	l->mm = mm;
	return 0;
}

void dk_local_detach(struct dk_local *l)
{
	mmdrop(l->mm); /* expect: mm-drop-kind-mismatch */
	l->mm = NULL;
}

/* The storing function takes the other count on another mm (a temporary check): no conversion. */
struct dk_check {
	struct mm_struct *mm;
};

int dk_check_attach(struct dk_check *c, struct task_struct *target)
{
	struct mm_struct *tmm = get_task_mm(target);

	if (!tmm)
		return -ESRCH;
	mmput(tmm);
	c->mm = current->mm;
	mmgrab(c->mm);
	return 0;
}

void dk_check_release(struct dk_check *c)
{
	mmput(c->mm); /* expect: mm-drop-kind-mismatch */
}

/* A half-done conversion: open takes mmgrab, the ioctl pins correctly, release still mmput()s. */
struct dk_half {
	struct mm_struct *mm;
	int state;
};

void dk_half_open(struct dk_half *h)
{
	mmgrab(current->mm);
	h->mm = current->mm;
}

int dk_half_ioctl(struct dk_half *h)
{
	struct mm_struct *mm = h->mm;

	if (!mmget_not_zero(mm))
		return -ESRCH;
	h->state = 1;
	mmput(mm); /* ok: mm-drop-kind-mismatch */
	return 0;
}

void dk_half_release(struct dk_half *h)
{
	h->state = 0;
	mmput(h->mm); /* expect: mm-drop-kind-mismatch the ioctl puts its own pin */
}

/* The submitter pins the mmgrab holder for its worker, which puts it. */
struct dk_async {
	struct work_struct work;
	struct mm_struct *mm;
};

static void dk_async_work(struct work_struct *work)
{
	struct dk_async *a = container_of(work, struct dk_async, work);

	mmput(a->mm); /* ok: mm-drop-kind-mismatch */
}

void dk_async_open(struct dk_async *a)
{
	mmgrab(current->mm);
	a->mm = current->mm;
	INIT_WORK(&a->work, dk_async_work);
}

int dk_async_submit(struct dk_async *a)
{
	if (!mmget_not_zero(a->mm))
		return -ESRCH;
	schedule_work(&a->work);
	return 0;
}

/* The member's kind changes over time: a worker downgrades it, release puts by state. */
struct dk_down {
	struct mm_struct *mm;
	bool worker_done;
};

int dk_down_attach(struct dk_down *d)
{
	d->mm = get_task_mm(current);
	return d->mm ? 0 : -ESRCH;
}

void dk_down_worker_done(struct dk_down *d)
{
	mmgrab(d->mm);
	mmput(d->mm); /* ok: mm-drop-kind-mismatch */
	d->worker_done = true;
}

void dk_down_release(struct dk_down *d)
{
	if (d->worker_done)
		mmdrop(d->mm); /* ok: mm-drop-kind-mismatch */
	else
		mmput(d->mm); /* ok: mm-drop-kind-mismatch */
}

/* The pin in a helper that says so by its result, the put in its caller. */
struct dk_pinh {
	struct mm_struct *mm;
};

void dk_pinh_bind(struct dk_pinh *p)
{
	p->mm = current->mm;
	mmgrab(p->mm);
}

static bool dk_pinh_pin(struct dk_pinh *p)
{
	return mmget_not_zero(p->mm);
}

int dk_pinh_fault(struct dk_pinh *p, unsigned long addr)
{
	if (!dk_pinh_pin(p))
		return -ESRCH;
	mmap_read_lock(p->mm);
	find_vma(p->mm, addr);
	mmap_read_unlock(p->mm);
	mmput(p->mm); /* ok: mm-drop-kind-mismatch */
	return 0;
}

/* A helper returning the reference or an error pointer (not NULL) for "no mm". */
struct dk_errp {
	struct mm_struct *mm;
};

static struct mm_struct *dk_errp_task_mm(struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return ERR_PTR(-ESRCH);
	return mm;
}

int dk_errp_attach(struct dk_errp *e, struct task_struct *task)
{
	e->mm = dk_errp_task_mm(task);
	return IS_ERR(e->mm) ? PTR_ERR(e->mm) : 0;
}

void dk_errp_detach(struct dk_errp *e)
{
	mmdrop(e->mm); /* expect: mm-drop-kind-mismatch */
}
