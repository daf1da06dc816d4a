#include <linux/mmlint_stub.h>
/*
 * An ioctl that runs only in the process that opened the file, checked by a helper that
 * compares the stored mm with current->mm (spelled == and !=): the running task's own mm
 * has users for the whole syscall, so the remote calls on the mmgrab-only member are fine
 * there. A helper that compares something else proves nothing about the mm.
 */

struct oh_ctx {
	struct mm_struct *mm;		/* mmgrab() at open */
	struct task_struct *owner;
	unsigned long addr;
	struct page *page;
};

int oh_open(struct oh_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	c->owner = current;
	return 0;
}

static bool oh_is_owner(const struct oh_ctx *c)
{
	return c->mm == current->mm;
}

static inline bool oh_foreign(struct oh_ctx *ctx)
{
	return current->mm != ctx->mm;
}

static bool oh_same_task(struct oh_ctx *c)
{
	return c->owner == current;
}

long oh_ioctl(struct oh_ctx *c)
{
	long n;

	if (!oh_is_owner(c))
		return -EPERM;
	mmap_read_lock(c->mm);
	n = get_user_pages_remote(c->mm, c->addr, 1, FOLL_WRITE, &c->page, NULL); /* ok: mmgrab-only-access */
	mmap_read_unlock(c->mm);
	return n;
}

long oh_ioctl_foreign(struct oh_ctx *c)
{
	long n;

	if (oh_foreign(c))
		return -EPERM;
	mmap_read_lock(c->mm);
	n = get_user_pages_remote(c->mm, c->addr, 1, FOLL_WRITE, &c->page, NULL); /* ok: mmgrab-only-access */
	mmap_read_unlock(c->mm);
	return n;
}

long oh_ioctl_task(struct oh_ctx *c)
{
	long n;

	if (!oh_same_task(c))
		return -EPERM;
	mmap_read_lock(c->mm);
	n = get_user_pages_remote(c->mm, c->addr, 1, FOLL_WRITE, &c->page, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(c->mm);
	return n;
}
