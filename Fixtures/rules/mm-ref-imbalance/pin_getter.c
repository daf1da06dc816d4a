#include <linux/mmlint_stub.h>
/*
 * A helper that pins an mm it does not own (mmget_not_zero() on a member kept by mmgrab())
 * and returns it, or NULL / an error pointer where the pin failed: its caller holds mm_users
 * on what it returns, as on get_task_mm()'s result (amdgpu/xe userptr shapes).
 */

struct pg_bo {
	struct mm_struct *mm;	/* mmgrab() at create */
	unsigned long start;
	struct page **pages;
};

static struct mm_struct *pg_get_mm(struct pg_bo *bo)
{
	if (!bo->mm || !mmget_not_zero(bo->mm))
		return NULL;
	return bo->mm;
}

static struct mm_struct *pg_get_mm_err(struct pg_bo *bo)
{
	if (mmget_not_zero(bo->mm))
		return bo->mm;
	return ERR_PTR(-ESRCH);
}

int pg_pages(struct pg_bo *bo)
{
	struct mm_struct *mm = pg_get_mm(bo);
	long r;

	if (!mm)
		return -ESRCH;
	if (!bo->pages) {
		mmput(mm);
		return -ENOMEM;
	}
	mmap_read_lock(mm);
	r = get_user_pages_remote(mm, bo->start, 1, FOLL_WRITE, bo->pages, NULL);
	mmap_read_unlock(mm);
	mmput(mm); /* ok: mm-ref-imbalance */
	return r < 0 ? r : 0;
}

/* BUG: the early error return after the pin forgets the put. */
int pg_pages_leak(struct pg_bo *bo)
{
	struct mm_struct *mm = pg_get_mm(bo);
	long r;

	if (!mm)
		return -ESRCH;
	if (!bo->pages)
		return -ENOMEM; /* expect: mm-ref-imbalance */
	mmap_read_lock(mm);
	r = get_user_pages_remote(mm, bo->start, 1, FOLL_WRITE, bo->pages, NULL);
	mmap_read_unlock(mm);
	mmput(mm);
	return r < 0 ? r : 0;
}

/* BUG: the helper called for its side effect: the pin it took on success is never dropped. */
void pg_touch(struct pg_bo *bo)
{
	pg_get_mm(bo); /* expect: mm-ref-imbalance */
}

/* BUG: the error-pointer spelling, the put forgotten on the copy failure. */
int pg_copy(struct pg_bo *bo, void *buf, int len)
{
	struct mm_struct *mm = pg_get_mm_err(bo);
	int n;

	if (IS_ERR(mm))
		return PTR_ERR(mm);
	n = access_remote_vm(mm, bo->start, buf, len, 0);
	if (n != len)
		return -EFAULT; /* expect: mm-ref-imbalance */
	mmput(mm);
	return 0;
}
