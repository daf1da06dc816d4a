#include <linux/mmlint_stub.h>
/*
 * Another task's ->mm held by the function's own mmgrab() only, then used for a remote
 * address-space operation (GUP, access_remote_vm, a fault on a vma found in it).
 */

struct fr_ctx {
	struct task_struct *owner;
	unsigned long uaddr;
	struct page *page;
	struct work_struct work;
};

long fr_pin(struct fr_ctx *c)
{
	struct mm_struct *mm;
	long ret;

	mm = c->owner->mm;
	mmgrab(mm);
	mmap_read_lock(mm);
	ret = get_user_pages_remote(mm, c->uaddr, 1, FOLL_WRITE, &c->page, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(mm);
	mmdrop(mm);
	return ret;
}

static void fr_peek_work(struct work_struct *w)
{
	struct fr_ctx *c = container_of(w, struct fr_ctx, work);
	struct mm_struct *mm = READ_ONCE(c->owner->mm);
	int val;

	if (!mm)
		return;
	mmgrab(mm);
	access_remote_vm(mm, c->uaddr, &val, sizeof(val), 0); /* expect: mmgrab-only-access */
	mmdrop(mm);
}

void fr_queue(struct fr_ctx *c)
{
	INIT_WORK(&c->work, fr_peek_work);
	schedule_work(&c->work);
}

int fr_fault(struct task_struct *tsk, unsigned long addr)
{
	struct mm_struct *mm = tsk->mm;
	struct vm_area_struct *vma;
	int ret = -EFAULT;

	mmgrab(mm);
	mmap_read_lock(mm);
	vma = vma_lookup(mm, addr);
	if (vma)
		ret = handle_mm_fault(vma, addr, FAULT_FLAG_WRITE, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(mm);
	mmdrop(mm);
	return ret;
}

/* fixed: mmget_not_zero() before the operation */
long fr_pin_fixed(struct fr_ctx *c)
{
	struct mm_struct *mm = c->owner->mm;
	long ret = -ESRCH;

	mmgrab(mm);
	if (mmget_not_zero(mm)) {
		mmap_read_lock(mm);
		ret = get_user_pages_remote(mm, c->uaddr, 1, FOLL_WRITE, &c->page, NULL); /* ok: mmgrab-only-access */
		mmap_read_unlock(mm);
		mmput(mm);
	}
	mmdrop(mm);
	return ret;
}
