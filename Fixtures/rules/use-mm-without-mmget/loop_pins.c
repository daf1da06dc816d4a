#include <linux/mmlint_stub.h>
/*
 * use-mm-without-mmget: the pin taken inside a loop over objects, through the loop's own
 * variable (`for (c = head; c; c = c->next)`, list_for_each_entry()), then borrowed. The
 * dataflow walks a loop body first with the variable naming the list's head, then with the
 * variable itself: an in-state that joined both walks kept neither's pin and reported every
 * correct loop below. The in-state of a node is the join of its predecessors' current
 * edges. Also the pinned flag set under scoped_guard() with an initial false, and a loop that
 * pins one object and borrows another (expect).
 */

DEFINE_GUARD(mutex, struct mutex *, mutex_lock(_T), mutex_unlock(_T))

struct lp_ctx {
	struct lp_ctx *next;
	struct list_head node;
	struct mutex lock;
	struct mm_struct *mm;
	struct mm_struct *other_mm;
};

struct lp_set {
	struct list_head head;
	struct work_struct work;
	struct lp_ctx *first;
};

void lp_submit(struct lp_ctx *c);
int list_empty(const struct list_head *head);

void lp_bind(struct lp_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	mmgrab(current->mm);
	c->other_mm = current->mm;
}

void lp_unbind(struct lp_ctx *c)
{
	mmdrop(c->mm);
	mmdrop(c->other_mm);
}

static void lp_walk_continue(struct lp_set *s)
{
	struct lp_ctx *c;

	for (c = s->first; c; c = c->next) {
		if (!mmget_not_zero(c->mm))
			continue;
		kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
		lp_submit(c);
		kthread_unuse_mm(c->mm);
		mmput(c->mm);
	}
}

static void lp_walk_return(struct lp_set *s)
{
	struct lp_ctx *c;

	for (c = s->first; c; c = c->next) {
		if (!mmget_not_zero(c->mm))
			return;
		kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
		kthread_unuse_mm(c->mm);
		mmput(c->mm);
	}
}

static void lp_each_entry(struct lp_set *s)
{
	struct lp_ctx *c;

	list_for_each_entry(c, &s->head, node) {
		if (!mmget_not_zero(c->mm))
			continue;
		kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
		lp_submit(c);
		kthread_unuse_mm(c->mm);
		mmput(c->mm);
	}
}

static void lp_current_one(struct lp_set *s)
{
	struct lp_ctx *c;
	struct mm_struct *cur = NULL;

	for (c = s->first; c; c = c->next) {
		if (!cur) {
			if (!mmget_not_zero(c->mm))
				continue;
			cur = c->mm;
			kthread_use_mm(cur); /* ok: use-mm-without-mmget */
		}
		lp_submit(c);
	}
	if (cur) {
		kthread_unuse_mm(cur);
		mmput(cur);
	}
}

static void lp_pins_one_borrows_other(struct lp_set *s)
{
	struct lp_ctx *c;

	for (c = s->first; c; c = c->next) {
		if (!mmget_not_zero(c->mm))
			continue;
		kthread_use_mm(c->other_mm); /* expect: use-mm-without-mmget */
		kthread_unuse_mm(c->other_mm);
		mmput(c->mm);
	}
}

static void lp_scoped_flag(struct lp_ctx *c)
{
	bool pinned = false;

	scoped_guard(mutex, &c->lock)
		pinned = mmget_not_zero(c->mm);
	if (pinned) {
		kthread_use_mm(c->mm); /* ok: use-mm-without-mmget */
		kthread_unuse_mm(c->mm);
		mmput(c->mm);
	}
}

static void lp_work(struct work_struct *w)
{
	struct lp_set *s = container_of(w, struct lp_set, work);

	lp_walk_continue(s);
	lp_walk_return(s);
	lp_each_entry(s);
	lp_current_one(s);
	lp_pins_one_borrows_other(s);
	if (s->first)
		lp_scoped_flag(s->first);
}

void lp_start(struct lp_set *s)
{
	INIT_WORK(&s->work, lp_work);
}
