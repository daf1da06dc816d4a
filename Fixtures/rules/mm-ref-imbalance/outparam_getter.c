#include <linux/mmlint_stub.h>
/*
 * An out-parameter helper (0 or -errno) whose reference comes from the tree's own getter of
 * get_task_mm() (returning the mm, NULL or an error pointer): the caller holds mm_users where
 * the helper returned 0, and leaks it on a later error return.
 */

static struct mm_struct *og_owner_mm(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);

	return mm ? mm : ERR_PTR(-ESRCH);
}

static struct mm_struct *og_plain(struct task_struct *t)
{
	return get_task_mm(t);
}

static int og_get(struct task_struct *t, struct mm_struct **out)
{
	struct mm_struct *mm = og_owner_mm(t);

	if (IS_ERR(mm))
		return PTR_ERR(mm);
	*out = mm;
	return 0;
}

static int og_get_plain(struct task_struct *t, struct mm_struct **out)
{
	*out = og_plain(t);
	return *out ? 0 : -ESRCH;
}

int og_poke(struct task_struct *t, unsigned long addr, void *buf)
{
	struct mm_struct *mm;
	int err;

	err = og_get(t, &mm);
	if (err)
		return err;
	if (!buf)
		return -EINVAL; /* expect: mm-ref-imbalance */
	err = access_remote_vm(mm, addr, buf, 8, FOLL_WRITE);
	mmput(mm);
	return err;
}

int og_peek(struct task_struct *t, void *buf)
{
	struct mm_struct *mm;

	if (og_get_plain(t, &mm) < 0)
		return -ESRCH;
	if (!buf)
		return -EINVAL; /* expect: mm-ref-imbalance */
	access_remote_vm(mm, 0, buf, 8, 0);
	mmput(mm);
	return 0;
}

int og_poke_ok(struct task_struct *t, unsigned long addr, void *buf)
{
	struct mm_struct *mm;
	int err;

	err = og_get(t, &mm);
	if (err)
		return err;
	err = buf ? access_remote_vm(mm, addr, buf, 8, FOLL_WRITE) : -EINVAL;
	mmput(mm);
	return err; /* ok: mm-ref-imbalance */
}
