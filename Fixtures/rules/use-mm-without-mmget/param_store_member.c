#include <linux/mmlint_stub.h>
/*
 * A member filled by a bind helper from its parameter (`s->mm_bound = mm;`), the callers
 * passing another struct's member: the bound member keeps what that member's own stores keep
 * (vdpa_sim's user-VA RFC bound the vhost device's mm, held by mmgrab(), for the device's
 * lifetime, and its kthread work borrowed it). One level: the other member's stores are
 * judged as they are written.
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
