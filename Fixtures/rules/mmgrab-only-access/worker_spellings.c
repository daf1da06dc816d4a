#include <linux/mmlint_stub.h>
/*
 * mmgrab-only-access from a work item: a vma found in an mm held by mmgrab() only, then faulted
 * (the lookup under mmap_read_lock alone is safe from 5.17: exit_mmap takes the lock for write),
 * and the same mm handed to a helper that does get_user_pages_remote() (the requirement travels
 * to the worker's call); fixed with mmget_not_zero() around the helper.
 */

struct qctx {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long addr;
};

/* 5. A worker walks the vmas of an mm held by mmgrab only. */
static void q5_work(struct work_struct *w)
{
	struct qctx *c = container_of(w, struct qctx, work);
	struct vm_area_struct *vma;

	mmap_read_lock(c->mm);
	vma = find_vma(c->mm, c->addr);
	if (vma)
		handle_mm_fault(vma, c->addr, FAULT_FLAG_WRITE, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(c->mm);
}

int q5_bind(struct qctx *c)
{
	c->mm = current->mm;
	mmgrab(c->mm);
	INIT_WORK(&c->work, q5_work);
	return 0;
}

/* 6. The same through a helper that takes the mm as a parameter. */
static int q6_walk(struct mm_struct *mm, unsigned long addr)
{
	int ret;

	struct page *pg;

	mmap_read_lock(mm);
	ret = get_user_pages_remote(mm, addr, 1, FOLL_WRITE, &pg, NULL);
	mmap_read_unlock(mm);
	return ret;
}

static void q6_work(struct work_struct *w)
{
	struct qctx *c = container_of(w, struct qctx, work);

	q6_walk(c->mm, c->addr); /* expect: mmgrab-only-access */
}

int q6_bind(struct qctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	INIT_WORK(&c->work, q6_work);
	return 0;
}

/* Fixed: mmget_not_zero around the walk. */
static void q7_work(struct work_struct *w)
{
	struct qctx *c = container_of(w, struct qctx, work);

	if (!mmget_not_zero(c->mm))
		return;
	q6_walk(c->mm, c->addr); /* ok: mmgrab-only-access */
	mmput(c->mm);
}

int q7_bind(struct qctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	INIT_WORK(&c->work, q7_work);
	return 0;
}
