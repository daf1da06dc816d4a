#include <linux/mmlint_stub.h>
/*
 * mmget() on each entry of a list walk, the reference put at the end of the iteration: the
 * put at the end of one pass is of another entry than the mmget() of the next (the cursor moved
 * on). Each entry keeps mm_users of its own (get_task_mm() at bind, mmput() at unbind), so the
 * mmget() is on a held mm. Written as list_for_each_entry() and as an open-coded walk; an
 * entry that keeps only mm_count is still reported, in the same loop.
 */

struct lc_bound {
	struct mm_struct *mm;		/* get_task_mm() at bind */
	struct list_head node;
	struct lc_bound *next;
};

struct lc_grabbed {
	struct mm_struct *mm;		/* mmgrab() only */
	struct list_head node;
};

static LIST_HEAD(lc_bound_list);
static LIST_HEAD(lc_grabbed_list);
static struct mutex lc_lock;

int lc_bind(struct lc_bound *b)
{
	b->mm = get_task_mm(current);
	if (!b->mm)
		return -ESRCH;
	mutex_lock(&lc_lock);
	list_add_tail(&b->node, &lc_bound_list);
	mutex_unlock(&lc_lock);
	return 0;
}

void lc_unbind(struct lc_bound *b)
{
	mutex_lock(&lc_lock);
	list_del(&b->node);
	mutex_unlock(&lc_lock);
	mmput(b->mm);
}

int lc_bind_grabbed(struct lc_grabbed *g)
{
	mmgrab(current->mm);
	g->mm = current->mm;
	mutex_lock(&lc_lock);
	list_add_tail(&g->node, &lc_grabbed_list);
	mutex_unlock(&lc_lock);
	return 0;
}

/* 1. list_for_each_entry */
void lc_walk(void (*fn)(struct mm_struct *mm))
{
	struct lc_bound *b;

	mutex_lock(&lc_lock);
	list_for_each_entry(b, &lc_bound_list, node) {
		mmget(b->mm); /* ok: mmget-on-unpinned-mm another entry each pass */
		fn(b->mm);
		mmput(b->mm);
	}
	mutex_unlock(&lc_lock);
}

/* 2. an open-coded walk */
void lc_walk_chain(struct lc_bound *first, void (*fn)(struct mm_struct *mm))
{
	struct lc_bound *b;

	mutex_lock(&lc_lock);
	for (b = first; b; b = b->next) {
		mmget(b->mm); /* ok: mmget-on-unpinned-mm the cursor moved on */
		fn(b->mm);
		mmput(b->mm);
	}
	mutex_unlock(&lc_lock);
}

/* 3. the entries keep mm_count only */
void lc_walk_grabbed(void (*fn)(struct mm_struct *mm))
{
	struct lc_grabbed *g;

	mutex_lock(&lc_lock);
	list_for_each_entry(g, &lc_grabbed_list, node) {
		mmget(g->mm); /* expect: mmget-on-unpinned-mm each entry keeps only a count reference */
		fn(g->mm);
		mmput(g->mm);
	}
	mutex_unlock(&lc_lock);
}
