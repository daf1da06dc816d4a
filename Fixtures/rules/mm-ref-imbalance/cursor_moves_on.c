#include <linux/mmlint_stub.h>
/*
 * A walk whose cursor moves on while a pin taken on the current entry's mm is still held
 * (`if (!mmget_not_zero(b->mm)) continue; if (b->muted) continue;`): once the cursor names the
 * next entry, nothing names the old one and its pin can never be put. Spelled in work items
 * (where a pin held at the end may be one the submitter handed over, so the end alone does not
 * tell) with an hlist walk (the loop ends on a NULL cursor) and a while loop over a next()
 * helper, and in a plain function with a pointer chase (reported where the pin is taken, as
 * any pin a function keeps on one path and puts on another); quiet where every way on puts.
 * Not judged: a pin taken through a local copy of the member (`mm = b->mm; mmget(mm)`), which
 * may still drop it after the cursor moves.
 */

struct hlist_node {
	struct hlist_node *next, **pprev;
};
struct hlist_head {
	struct hlist_node *first;
};
#define hlist_entry_safe(ptr, type, member) \
	({ typeof(ptr) ____ptr = (ptr); ____ptr ? container_of(____ptr, type, member) : NULL; })
#define hlist_for_each_entry(pos, head, member)					\
	for (pos = hlist_entry_safe((head)->first, typeof(*(pos)), member);	\
	     pos;								\
	     pos = hlist_entry_safe((pos)->member.next, typeof(*(pos)), member))

struct cm_bond {
	struct hlist_node link;
	struct cm_bond *next;
	struct mm_struct *mm;		/* mmgrab() at add */
	unsigned long uaddr;
	u32 events;
	bool muted;
};

static struct hlist_head cm_bonds;
static struct cm_bond *cm_chain;
static struct work_struct cm_work, cm_next_work;

int cm_bond_add(struct cm_bond *b)
{
	mmgrab(current->mm);
	b->mm = current->mm;
	return 0;
}

static void cm_notify(struct cm_bond *b)
{
	kthread_use_mm(b->mm);
	put_user(b->events, (u32 __user *)b->uaddr);
	kthread_unuse_mm(b->mm);
}

static void cm_walk_hlist(struct work_struct *work)
{
	struct cm_bond *b;

	hlist_for_each_entry(b, &cm_bonds, link) {
		if (!mmget_not_zero(b->mm)) /* expect: mm-ref-imbalance the muted entry keeps its pin */
			continue;
		if (b->muted)
			continue;
		cm_notify(b);
		mmput(b->mm);
	}
}

void cm_walk_chain(void)
{
	struct cm_bond *b;

	for (b = cm_chain; b; b = b->next) {
		if (!mmget_not_zero(b->mm)) /* expect: mm-ref-imbalance */
			continue;
		if (b->muted)
			continue;
		cm_notify(b);
		mmput(b->mm);
	}
}

static struct cm_bond *cm_next(struct cm_bond *b)
{
	return b ? b->next : cm_chain;
}

static void cm_walk_next(struct work_struct *work)
{
	struct cm_bond *b = NULL;

	while ((b = cm_next(b)) != NULL) { /* expect: mm-ref-imbalance */
		if (!mmget_not_zero(b->mm))
			continue;
		if (b->muted)
			continue;
		cm_notify(b);
		mmput(b->mm);
	}
}

static void cm_walk_ok(struct work_struct *work)
{
	struct cm_bond *b;

	hlist_for_each_entry(b, &cm_bonds, link) {
		if (!mmget_not_zero(b->mm))
			continue;
		if (!b->muted)
			cm_notify(b);
		mmput(b->mm); /* ok: mm-ref-imbalance every way on puts */
	}
}

void cm_start(void)
{
	INIT_WORK(&cm_work, cm_walk_hlist);
	INIT_WORK(&cm_next_work, cm_walk_next);
	schedule_work(&cm_work);
	schedule_work(&cm_next_work);
}

static struct work_struct cm_ok_work;

void cm_start_ok(void)
{
	INIT_WORK(&cm_ok_work, cm_walk_ok);
	schedule_work(&cm_ok_work);
}

/*
 * fs/proc/base.c's __set_oom_adj() shape: the pin taken through a local copy in one block, a
 * second local of the same name walked in another, the copy dropped after the walk: quiet.
 */
static struct cm_bond *cm_find(struct task_struct *task)
{
	struct cm_bond *b;

	for (b = cm_chain; b; b = b->next)
		if (b->uaddr == (unsigned long)task)
			return b;
	return NULL;
}

void cm_shadowed(struct task_struct *task)
{
	struct mm_struct *mm = NULL;

	if (task) {
		struct cm_bond *b = cm_find(task);

		if (b) {
			mm = b->mm;
			mmgrab(mm);
		}
	}
	if (mm) {
		struct cm_bond *b;

		for (b = cm_chain; b; b = b->next) /* ok: mm-ref-imbalance the copy still names it */
			b->events++;
		mmdrop(mm);
	}
}
