#include <linux/mmlint_stub.h>
/*
 * A member filled by a bind helper from its parameter (`s->mm_bound = mm;`), the callers
 * passing another struct's member: the bound member keeps what that member's own stores keep
 * (vdpa_sim's user-VA RFC bound the vhost device's mm, held by mmgrab(), for the device's
 * lifetime, and its kthread work borrowed it). One level: the other member's stores are
 * judged as they are written. A bind reached through an ops member (`ops->bind_mm(vdpa,
 * v->mm)`, the member resolved to its one or two implementations) has those callers.
 */

struct ps_owner {
	struct mm_struct *mm;
};

struct ps_pinned_owner {
	struct mm_struct *mm;
};

struct ps_sim {
	struct mm_struct *mm_bound;
};

struct ps_sim2 {
	struct mm_struct *mm_bound;
};

void ps_owner_open(struct ps_owner *o)
{
	o->mm = current->mm;
	mmgrab(o->mm);
}

int ps_pinned_open(struct ps_pinned_owner *o, struct task_struct *t)
{
	o->mm = get_task_mm(t);
	return o->mm ? 0 : -ESRCH;
}

static void ps_bind(struct ps_sim *s, struct mm_struct *mm)
{
	s->mm_bound = mm;
}

static void ps_bind2(struct ps_sim2 *s, struct mm_struct *mm)
{
	s->mm_bound = mm;
}

void ps_attach(struct ps_sim *s, struct ps_owner *o)
{
	ps_bind(s, o->mm);
}

void ps_attach_pinned(struct ps_sim2 *s, struct ps_pinned_owner *o)
{
	struct mm_struct *mm = o->mm;

	ps_bind2(s, mm);
}

void ps_work(struct ps_sim *s)
{
	kthread_use_mm(s->mm_bound); /* expect: use-mm-without-mmget (bound from an mmgrab-only member) */
	kthread_unuse_mm(s->mm_bound);
}

void ps_work_pinned(struct ps_sim2 *s)
{
	kthread_use_mm(s->mm_bound); /* ok: use-mm-without-mmget (bound from a get_task_mm member) */
	kthread_unuse_mm(s->mm_bound);
}

/* The bind as an ops method, called through the member. */
struct ps_dev;

struct ps_config_ops {
	int (*bind_mm)(struct ps_dev *d, struct mm_struct *mm);
};

struct ps_dev {
	const struct ps_config_ops *ops;
	struct mm_struct *mm_bound;
};

struct ps_vhost {
	struct ps_dev *dev;
	struct mm_struct *mm;
};

void ps_vhost_open(struct ps_vhost *v)
{
	v->mm = current->mm;
	mmgrab(v->mm);
}

static int ps_dev_bind_mm(struct ps_dev *d, struct mm_struct *mm)
{
	d->mm_bound = mm;
	return 0;
}

const struct ps_config_ops ps_dev_ops = { .bind_mm = ps_dev_bind_mm };

int ps_vhost_bind(struct ps_vhost *v)
{
	return v->dev->ops->bind_mm(v->dev, v->mm);
}

void ps_dev_work(struct ps_dev *d)
{
	kthread_use_mm(d->mm_bound); /* expect: use-mm-without-mmget (bound through the ops member) */
	kthread_unuse_mm(d->mm_bound);
}
