#include <linux/mmlint_stub.h>
/*
 * A child object that copies its parent's mm member through the parent's getter
 * (`ch->mm = gp_parent_mm(pp)`, the getter returning `pp->mm`, or looking the parent up
 * itself) holds what the parent's member holds, as a direct copy (`ch->mm = pp->mm`) does:
 * a grab-only parent makes the child's borrow a bug; a parent holding mm_users does not.
 */

struct gp_parent {
	struct mm_struct *mm;		/* mmgrab() at init */
	int id;
};

struct gp_owner {
	struct mm_struct *mm;		/* get_task_mm(): mm_users */
};

struct gp_child {
	struct mm_struct *mm;
	struct work_struct work;
	u32 __user *uptr;
};

struct gp_lchild {
	struct mm_struct *mm;
	struct work_struct work;
};

struct gp_ochild {
	struct mm_struct *mm;
	struct work_struct work;
};

static struct idr gp_idr;

static struct mm_struct *gp_parent_mm(struct gp_parent *pp)
{
	return pp->mm;
}

static struct mm_struct *gp_mm_by_id(int id)
{
	struct gp_parent *pp = idr_find(&gp_idr, id);

	if (!pp)
		return NULL;
	return pp->mm;
}

static inline struct mm_struct *gp_owner_mm(struct gp_owner *o)
{
	return o->mm;
}

int gp_parent_init(struct gp_parent *pp)
{
	mmgrab(current->mm);
	pp->mm = current->mm;
	return 0;
}

int gp_owner_init(struct gp_owner *o, struct task_struct *t)
{
	o->mm = get_task_mm(t);
	return o->mm ? 0 : -ESRCH;
}

void gp_owner_exit(struct gp_owner *o)
{
	mmput(o->mm);
}

static void gp_child_work(struct work_struct *work)
{
	struct gp_child *ch = container_of(work, struct gp_child, work);

	kthread_use_mm(ch->mm); /* expect: use-mm-without-mmget the parent holds only a count */
	put_user(1, ch->uptr);
	kthread_unuse_mm(ch->mm);
}

int gp_child_init(struct gp_child *ch, struct gp_parent *pp)
{
	ch->mm = gp_parent_mm(pp);
	INIT_WORK(&ch->work, gp_child_work);
	return 0;
}

static void gp_lchild_work(struct work_struct *work)
{
	struct gp_lchild *ch = container_of(work, struct gp_lchild, work);

	kthread_use_mm(ch->mm); /* expect: use-mm-without-mmget looked up parent holds only a count */
	kthread_unuse_mm(ch->mm);
}

int gp_lchild_init(struct gp_lchild *ch, int id)
{
	ch->mm = gp_mm_by_id(id);
	if (!ch->mm)
		return -ENOENT;
	INIT_WORK(&ch->work, gp_lchild_work);
	return 0;
}

static void gp_ochild_work(struct work_struct *work)
{
	struct gp_ochild *ch = container_of(work, struct gp_ochild, work);

	kthread_use_mm(ch->mm); /* ok: use-mm-without-mmget the owner holds users */
	kthread_unuse_mm(ch->mm);
}

int gp_ochild_init(struct gp_ochild *ch, struct gp_owner *o)
{
	ch->mm = gp_owner_mm(o);
	INIT_WORK(&ch->work, gp_ochild_work);
	return 0;
}
