#include <linux/mmlint_stub.h>
/*
 * A key-only mm handed to the mm's own lock calls: mmap_read_lock() and its kin take the
 * mmap_lock inside the mm_struct, a read of the freed struct once the owner is gone. Spelled
 * on the field, through a local copy of it, with a trylock, and the write side. Quiet: the
 * same calls where the function compared the key with current->mm (the caller's own mm), and
 * a lock taken for an address-space operation, which mmgrab-only-access reports instead.
 */

struct lc_ctx {
	struct mm_struct *mm;		/* key only */
	unsigned long addr;
};

int lc_open(struct lc_ctx *c)
{
	c->mm = current->mm;
	return 0;
}

void lc_scan(struct lc_ctx *c)
{
	mmap_read_lock(c->mm); /* expect: opaque-mm-dereferenced the lock lives in the mm */
	mmap_read_unlock(c->mm);
}

int lc_try(struct lc_ctx *c)
{
	struct mm_struct *mm = c->mm;

	if (!mmap_read_trylock(mm)) /* expect: opaque-mm-dereferenced through a local copy */
		return -EAGAIN;
	mmap_read_unlock(mm);
	return 0;
}

void lc_write(struct lc_ctx *c)
{
	mmap_write_lock(c->mm); /* expect: opaque-mm-dereferenced the write side */
	mmap_write_unlock(c->mm);
}

int lc_own(struct lc_ctx *c)
{
	if (c->mm != current->mm)
		return -EPERM;
	mmap_read_lock(c->mm); /* ok: opaque-mm-dereferenced the caller own mm */
	mmap_read_unlock(c->mm);
	return 0;
}

/* The lock taken for an address-space operation: the core rule judges the operation (once). */
long lc_pin_page(struct lc_ctx *c, struct page **page)
{
	long ret;

	mmap_read_lock(c->mm); /* ok: opaque-mm-dereferenced the operation below is reported instead */
	ret = get_user_pages_remote(c->mm, c->addr, 1, 0, page, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(c->mm);
	return ret;
}
