#include <linux/mmlint_stub.h>
/*
 * The mm reached through a local that is not a plain copy of the holder's member: the result
 * of a getter (`static struct mm_struct *foo_mm(struct ctx *c) { return c->mm; }`) stored in
 * a local, and a local given one of two mmgrab()-only members by path (if/else, ?:). Each
 * value the local can have is judged: all of them hold mm_count only here.
 */

struct lv_obj {
	struct mm_struct *mm;		/* mmgrab() only */
	unsigned long start;
};

struct lv_ctx {
	struct lv_obj obj;
	struct mm_struct *alt_mm;	/* mmgrab() only */
	struct task_struct *owner;
	struct work_struct work;
	struct page **pages;
};

int lv_create(struct lv_ctx *c)
{
	c->obj.mm = current->mm;
	mmgrab(c->obj.mm);
	c->alt_mm = current->mm;
	mmgrab(c->alt_mm);
	return 0;
}

static struct mm_struct *lv_mm(struct lv_ctx *c)
{
	return c->obj.mm;
}

static struct mm_struct *lv_alt_mm(struct lv_ctx *c)
{
	struct mm_struct *mm = c->alt_mm;

	return mm;
}

/* 1. the getter's result in an initialized local */
int lv_peek_init(struct lv_ctx *c, void *buf)
{
	struct mm_struct *mm = lv_mm(c);

	return access_remote_vm(mm, c->obj.start, buf, 8, 0); /* expect: mmgrab-only-access */
}

/* 2. assigned after the declaration, through a getter that returns a local */
static void lv_work(struct work_struct *w)
{
	struct lv_ctx *c = container_of(w, struct lv_ctx, work);
	struct mm_struct *mm;

	mm = lv_alt_mm(c);
	mmap_read_lock(mm);
	get_user_pages_remote(mm, c->obj.start, 1, FOLL_WRITE, c->pages, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(mm);
}

void lv_queue(struct lv_ctx *c)
{
	INIT_WORK(&c->work, lv_work);
	schedule_work(&c->work);
}

/* 3. one of two grab-only members, by if/else */
int lv_peek_branch(struct lv_ctx *c, bool alt, void *buf)
{
	struct mm_struct *mm;

	if (alt)
		mm = c->alt_mm;
	else
		mm = c->obj.mm;
	return access_remote_vm(mm, c->obj.start, buf, 8, 0); /* expect: mmgrab-only-access */
}

/* 4. the same by ?: */
int lv_peek_ternary(struct lv_ctx *c, bool alt, void *buf)
{
	struct mm_struct *mm = alt ? c->alt_mm : lv_mm(c);

	return access_remote_vm(mm, c->obj.start, buf, 8, 0); /* expect: mmgrab-only-access */
}

/* 5. fixed: each side pinned before the join */
int lv_peek_branch_pinned(struct lv_ctx *c, bool alt, void *buf)
{
	struct mm_struct *mm;
	int n;

	if (alt) {
		mm = c->alt_mm;
		if (!mmget_not_zero(mm))
			return -ESRCH;
	} else {
		mm = c->obj.mm;
		if (!mmget_not_zero(mm))
			return -ESRCH;
	}
	n = access_remote_vm(mm, c->obj.start, buf, 8, 0); /* ok: mmgrab-only-access */
	mmput(mm);
	return n;
}

/* 6. fixed: the getter's result pinned through the local */
int lv_peek_getter_pinned(struct lv_ctx *c, void *buf)
{
	struct mm_struct *mm = lv_mm(c);
	int n;

	if (!mmget_not_zero(mm))
		return -ESRCH;
	n = access_remote_vm(mm, c->obj.start, buf, 8, 0); /* ok: mmgrab-only-access */
	mmput(mm);
	return n;
}

/*
 * 7. one side is another task's mm taken with mm_users (pinned where given, on the side
 * tested non-NULL), the other the mmgrab-only holder: that path has no pin
 */
int lv_peek_mixed(struct lv_ctx *c, bool alt, void *buf)
{
	struct mm_struct *mm;
	int n;

	if (alt)
		mm = get_task_mm(c->owner);
	else
		mm = c->obj.mm;
	if (!mm)
		return -ESRCH;
	n = access_remote_vm(mm, c->obj.start, buf, 8, 0); /* expect: mmgrab-only-access */
	if (alt)
		mmput(mm);
	return n;
}
