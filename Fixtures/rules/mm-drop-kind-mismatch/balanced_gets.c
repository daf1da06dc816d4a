#include <linux/mmlint_stub.h>
/*
 * A put of mm_users on an mmgrab-only member is excused by a get of mm_users on that member
 * elsewhere only where that get's reference leaves its function unput — kept in the object's
 * state for a later destroy, handed to a worker. A get its own function puts again on every
 * way out (`if (!mmget_not_zero(c->mm)) return; …; mmput(c->mm);`), or returns to its caller
 * (cxl's get_mem_context(): `if (!mmget_not_zero(ctx->mm)) return NULL; return ctx->mm;`),
 * is balanced there and excuses nothing: a ->release that mmput()s the member (cxl's
 * conversion left half done) drops a reference nobody took. Quiet where a get is kept in the
 * object's state (`c->pinned = true`) for the put, and where the put follows a call of such a
 * getter (`if (!get(c)) return; …; mmput(c->mm);`: the getter's pin).
 */

struct bg_ctx {
	struct mm_struct *mm;		/* mmgrab() only */
	unsigned long addr;
	bool pinned;
};

int bg_open(struct bg_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	return 0;
}

static struct mm_struct *bg_get_mem_context(struct bg_ctx *c)
{
	if (!c->mm)
		return NULL;
	if (!mmget_not_zero(c->mm))
		return NULL;
	return c->mm;
}

int bg_fault(struct bg_ctx *c)
{
	struct mm_struct *mm = bg_get_mem_context(c);
	struct vm_area_struct *vma;

	if (!mm)
		return -ENOENT;
	mmap_read_lock(mm);
	vma = find_vma(mm, c->addr);
	mmap_read_unlock(mm);
	mmput(mm);
	return vma ? 0 : -EFAULT;
}

int bg_peek(struct bg_ctx *c)
{
	if (!mmget_not_zero(c->mm))
		return -ESRCH;
	mmap_read_lock(c->mm);
	find_vma(c->mm, c->addr);
	mmap_read_unlock(c->mm);
	mmput(c->mm); /* ok: mm-drop-kind-mismatch the get above */
	return 0;
}

static struct mm_struct *bg_get_mm_local(struct bg_ctx *c)
{
	struct mm_struct *mm = c->mm;

	if (!mmget_not_zero(mm))
		return NULL;
	return mm;
}

int bg_peek_through_getter(struct bg_ctx *c)
{
	if (!bg_get_mem_context(c))
		return -ESRCH;
	find_vma(c->mm, c->addr);
	mmput(c->mm); /* ok: mm-drop-kind-mismatch the getter pinned the member */
	return 0;
}

int bg_peek_through_local_getter(struct bg_ctx *c)
{
	if (!bg_get_mm_local(c))
		return -ESRCH;
	find_vma(c->mm, c->addr);
	mmput(c->mm); /* ok: mm-drop-kind-mismatch */
	return 0;
}

void bg_release(struct bg_ctx *c)
{
	mmput(c->mm); /* expect: mm-drop-kind-mismatch the member holds mm count */
}

/* the same member kind, a pin kept in the object's state for the destroy */
struct bg_reader {
	struct mm_struct *mm;		/* mmgrab() only */
	bool pinned;
};

int bg_reader_open(struct bg_reader *r)
{
	mmgrab(current->mm);
	r->mm = current->mm;
	return 0;
}

int bg_reader_pin(struct bg_reader *r)
{
	if (!mmget_not_zero(r->mm))
		return -ESRCH;
	r->pinned = true;
	return 0;
}

void bg_reader_destroy(struct bg_reader *r)
{
	if (r->pinned)
		mmput(r->mm); /* ok: mm-drop-kind-mismatch the pin kept in the state */
	mmdrop(r->mm);
}
