#include <linux/mmlint_stub.h>
/*
 * use-mm-without-mmget with the holder and the borrow spelled through C's indirections: a
 * typedef'd mm pointer member, the borrow and the pin behind a driver's macros, a list walk
 * over the holders, a member of an anonymous union, and a work item's local of the typedef.
 * Each mm is stored with mmgrab() only. (Found already; kept so that they stay found.)
 */

typedef struct mm_struct *pf_mm_t;

#define PF_TRY_PIN(m)	mmget_not_zero(m)
#define PF_BORROW(m)	kthread_use_mm(m)

struct pf_ctx {
	pf_mm_t mm;
	struct list_head node;
	union {
		struct mm_struct *umm;
		unsigned long cookie;
	};
	struct work_struct work;
};

static LIST_HEAD(pf_list);

/* typedef'd holder, mmgrab only */
void pf_init(struct pf_ctx *c)
{
	c->mm = current->mm;
	mmgrab(c->mm);
	c->umm = current->mm;
	mmgrab(c->umm);
}

static void pf_typedef(struct pf_ctx *c)
{
	kthread_use_mm(c->mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
}

static void pf_macro_bad(struct pf_ctx *c)
{
	PF_BORROW(c->mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
}

static void pf_macro_ok(struct pf_ctx *c)
{
	if (!PF_TRY_PIN(c->mm))
		return;
	PF_BORROW(c->mm); /* ok: use-mm-without-mmget */
	kthread_unuse_mm(c->mm);
	mmput(c->mm);
}

static void pf_list_walk(void)
{
	struct pf_ctx *c;

	list_for_each_entry(c, &pf_list, node) {
		kthread_use_mm(c->mm); /* expect: use-mm-without-mmget */
		kthread_unuse_mm(c->mm);
	}
}

static void pf_union(struct pf_ctx *c)
{
	kthread_use_mm(c->umm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(c->umm);
}

static void pf_work(struct work_struct *w)
{
	struct pf_ctx *c = container_of(w, struct pf_ctx, work);
	pf_mm_t mm = c->mm;

	kthread_use_mm(mm); /* expect: use-mm-without-mmget */
	kthread_unuse_mm(mm);
}

void pf_queue(struct pf_ctx *c)
{
	INIT_WORK(&c->work, pf_work);
	schedule_work(&c->work);
}
