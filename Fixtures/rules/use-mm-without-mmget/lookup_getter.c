#include <linux/mmlint_stub.h>
/*
 * A getter that finds the context itself — an idr lookup by id, a list walk, a global — and
 * returns its mm member (`c = idr_find(&ctx_idr, id); if (!c) return NULL; return c->mm;`):
 * the caller's local is that member of an object it does not name, and holds what the member's
 * stores take. Grab-only members: the borrow and the remote GUP are reported; a member every
 * store of which takes mm_users (get_task_mm()) is quiet.
 */

struct lk_ctx {
	struct mm_struct *mm;		/* mmgrab() at create */
	struct list_head node;
	struct work_struct work;
	int id;
};

void list_add(struct list_head *new, struct list_head *head);

static struct idr lk_idr;
static LIST_HEAD(lk_list);
static struct lk_ctx *lk_current_ctx;

static struct mm_struct *lk_mm_by_id(int id)
{
	struct lk_ctx *c = idr_find(&lk_idr, id);

	if (!c)
		return NULL;
	return c->mm;
}

static struct mm_struct *lk_mm_by_walk(int id)
{
	struct lk_ctx *c;

	list_for_each_entry(c, &lk_list, node) {
		if (c->id == id)
			return c->mm;
	}
	return NULL;
}

static struct mm_struct *lk_mm_global(void)
{
	return lk_current_ctx ? lk_current_ctx->mm : NULL;
}

static int lk_create(struct lk_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	list_add(&c->node, &lk_list);
	return 0;
}

static void lk_work(struct work_struct *work)
{
	struct lk_ctx *c = container_of(work, struct lk_ctx, work);
	struct mm_struct *mm = lk_mm_by_id(c->id);

	if (!mm)
		return;
	kthread_use_mm(mm); /* expect: use-mm-without-mmget replay=confirmed */
	put_user(0, (int __user *)0x1000);
	kthread_unuse_mm(mm);
}

static void lk_work_walk(struct work_struct *work)
{
	struct lk_ctx *c = container_of(work, struct lk_ctx, work);
	struct mm_struct *mm = lk_mm_by_walk(c->id);

	if (!mm)
		return;
	kthread_use_mm(mm); /* expect: use-mm-without-mmget grab only member found by a walk */
	kthread_unuse_mm(mm);
}

long lk_read_remote(unsigned long addr, struct page **pages)
{
	struct mm_struct *mm = lk_mm_global();
	long n;

	if (!mm)
		return -ESRCH;
	mmap_read_lock(mm);
	n = get_user_pages_remote(mm, addr, 1, 0, pages, NULL); /* expect: mmgrab-only-access grab only global */
	mmap_read_unlock(mm);
	return n;
}

/* a member every store of which takes mm_users */
struct lu_ctx {
	struct mm_struct *mm;		/* get_task_mm() at create */
	struct work_struct work;
	int id;
};

static struct idr lu_idr;

static struct mm_struct *lu_mm_by_id(int id)
{
	struct lu_ctx *c = idr_find(&lu_idr, id);

	return c ? c->mm : NULL;
}

static int lu_create(struct lu_ctx *c)
{
	c->mm = get_task_mm(current);
	return c->mm ? 0 : -ESRCH;
}

static void lu_work(struct work_struct *work)
{
	struct lu_ctx *c = container_of(work, struct lu_ctx, work);
	struct mm_struct *mm = lu_mm_by_id(c->id);

	if (!mm)
		return;
	kthread_use_mm(mm); /* ok: use-mm-without-mmget the member holds the users count */
	kthread_unuse_mm(mm);
}

void lk_start(struct lk_ctx *c, struct lu_ctx *u)
{
	lk_create(c);
	INIT_WORK(&c->work, lk_work);
	schedule_work(&c->work);
	INIT_WORK(&c->work, lk_work_walk);
	schedule_work(&c->work);
	lu_create(u);
	INIT_WORK(&u->work, lu_work);
	schedule_work(&u->work);
}
