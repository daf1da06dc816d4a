#include <linux/mmlint_stub.h>
/*
 * The holder filled from a helper of the driver that returns the mm with mm_count it took
 * (`mmgrab(mm); return mm;`): the member keeps mm_count only, so a worker that touches the
 * address space through it races the owner's exit. Spellings: the running task's mm grabbed
 * through a local, directly, and a helper that may return NULL. Quiet: a helper returning
 * get_task_mm()'s mm_users reference, and a worker that pins before the use.
 */

struct gh_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long addr;
	struct page *page;
};

static struct mm_struct *gh_grab_current(void)
{
	struct mm_struct *mm = current->mm;

	mmgrab(mm);
	return mm;
}

static struct mm_struct *gh_grab_task(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;

	if (!mm)
		return NULL;
	mmgrab(mm);
	return mm;
}

static struct mm_struct *gh_get_users(struct task_struct *t)
{
	return get_task_mm(t);
}

static void gh_work(struct work_struct *w)
{
	struct gh_ctx *c = container_of(w, struct gh_ctx, work);
	int locked = 1;

	mmap_read_lock(c->mm);
	pin_user_pages_remote(c->mm, c->addr, 1, FOLL_WRITE, &c->page, &locked); /* expect: mmgrab-only-access */
	if (locked)
		mmap_read_unlock(c->mm);
}

int gh_open(struct gh_ctx *c)
{
	c->mm = gh_grab_current();
	INIT_WORK(&c->work, gh_work);
	return 0;
}

struct gh_task_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long addr;
	void *buf;
};

static void gh_task_work(struct work_struct *w)
{
	struct gh_task_ctx *c = container_of(w, struct gh_task_ctx, work);

	access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* expect: mmgrab-only-access */
}

int gh_task_open(struct gh_task_ctx *c, struct task_struct *t)
{
	c->mm = gh_grab_task(t);
	if (!c->mm)
		return -ESRCH;
	INIT_WORK(&c->work, gh_task_work);
	return 0;
}

/* Quiet: the helper hands back mm_users. */
struct gh_users_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long addr;
	void *buf;
};

static void gh_users_work(struct work_struct *w)
{
	struct gh_users_ctx *c = container_of(w, struct gh_users_ctx, work);

	access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* ok: mmgrab-only-access */
}

int gh_users_open(struct gh_users_ctx *c, struct task_struct *t)
{
	c->mm = gh_get_users(t);
	if (!c->mm)
		return -ESRCH;
	INIT_WORK(&c->work, gh_users_work);
	return 0;
}

/* Quiet: the worker pins before the use. */
struct gh_pin_ctx {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long addr;
	void *buf;
};

static void gh_pin_work(struct work_struct *w)
{
	struct gh_pin_ctx *c = container_of(w, struct gh_pin_ctx, work);

	if (!mmget_not_zero(c->mm))
		return;
	access_remote_vm(c->mm, c->addr, c->buf, 8, 0); /* ok: mmgrab-only-access */
	mmput(c->mm);
}

int gh_pin_open(struct gh_pin_ctx *c)
{
	c->mm = gh_grab_current();
	INIT_WORK(&c->work, gh_pin_work);
	return 0;
}
