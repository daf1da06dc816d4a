#include <linux/mmlint_stub.h>
/*
 * mmgrab-only-access: remote GUP and friends from deferred context.
 *
 *   - struct ux_userptr.mm   mmgrab only (i915 userptr, 4.6): GUP in the
 *                            worker needs mmget_not_zero first; a peek at
 *                            mm_users is not a pin (no barrier against exit).
 *   - struct rd_req.mm       no reference at all: pin_user_pages_remote
 *   - struct dbg_session.mm  users holder (mm_access): quiet
 *   - current->mm and a get_task_mm() result: quiet
 */

/* ---- i915 userptr shape: the object keeps only mm_count --------------- */

struct ux_userptr {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long uaddr;
	unsigned long npages;
	struct page **pvec;
	long pinned;
};

int ux_userptr_init(struct ux_userptr *obj, unsigned long uaddr,
		    unsigned long npages)
{
	obj->pvec = kvcalloc(npages, sizeof(struct page *), GFP_KERNEL);
	if (!obj->pvec)
		return -ENOMEM;
	obj->uaddr = uaddr;
	obj->npages = npages;
	mmgrab(current->mm);
	obj->mm = current->mm;
	return 0;
}

void ux_userptr_release(struct ux_userptr *obj)
{
	cancel_work_sync(&obj->work);
	mmdrop(obj->mm);
	kvfree(obj->pvec);
}

void ux_get_pages_worker_count_only(struct work_struct *work)
{
	struct ux_userptr *obj = container_of(work, struct ux_userptr, work);
	struct mm_struct *mm = obj->mm;
	long pinned;

	mmap_read_lock(mm);
	pinned = get_user_pages_remote(mm, obj->uaddr, obj->npages, FOLL_WRITE, obj->pvec, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(mm);
	obj->pinned = pinned;
}

/* The fix: take mm_users for the duration of the GUP. */
void ux_get_pages_worker_pinned(struct work_struct *work)
{
	struct ux_userptr *obj = container_of(work, struct ux_userptr, work);
	struct mm_struct *mm = obj->mm;
	long pinned = -EFAULT;

	if (mmget_not_zero(mm)) {
		mmap_read_lock(mm);
		pinned = get_user_pages_remote(mm, obj->uaddr, obj->npages, FOLL_WRITE, obj->pvec, NULL); /* ok: mmgrab-only-access */
		mmap_read_unlock(mm);
		mmput(mm);
	}
	obj->pinned = pinned;
}

/*
 * Copied from ksm/khugepaged without the barrier that makes it work there:
 * only ksm_exit()/khugepaged_exit() take mmap_write_lock before exit_mmap().
 * For a driver, mm_users can reach zero right after this test.
 */
void ux_get_pages_worker_users_peek(struct work_struct *work)
{
	struct ux_userptr *obj = container_of(work, struct ux_userptr, work);
	struct mm_struct *mm = obj->mm;
	long pinned;

	if (atomic_read(&mm->mm_users) == 0)
		return;

	mmap_read_lock(mm);
	pinned = get_user_pages_remote(mm, obj->uaddr, obj->npages, FOLL_WRITE, obj->pvec, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(mm);
	obj->pinned = pinned;
}

/* ---- a request that keeps the submitter's mm with no reference -------- */

struct rd_req {
	struct mm_struct *mm;
	struct work_struct work;
	unsigned long uaddr;
	unsigned long npages;
	struct page **pages;
};

int rd_req_submit(struct rd_req *req, unsigned long uaddr, unsigned long npages)
{
	req->mm = current->mm;
	req->uaddr = uaddr;
	req->npages = npages;
	return queue_work(system_unbound_wq, &req->work) ? 0 : -EBUSY;
}

void rd_req_worker_no_ref(struct work_struct *work)
{
	struct rd_req *req = container_of(work, struct rd_req, work);
	int locked = 1;
	long n;

	mmap_read_lock(req->mm);
	n = pin_user_pages_remote(req->mm, req->uaddr, req->npages, FOLL_WRITE | FOLL_LONGTERM, req->pages, &locked); /* expect: mmgrab-only-access */
	if (locked)
		mmap_read_unlock(req->mm);
	if (n > 0)
		unpin_user_pages(req->pages, n);
}

/* ---- a debugger session: the field carries mm_users ------------------- */

struct dbg_session {
	struct mm_struct *mm;
	struct work_struct peek_work;
	unsigned long addr;
	u64 value;
};

int dbg_session_attach(struct dbg_session *s, struct task_struct *task)
{
	struct mm_struct *mm;

	mm = mm_access(task, PTRACE_MODE_ATTACH_REALCREDS);
	if (IS_ERR_OR_NULL(mm))
		return mm ? PTR_ERR(mm) : -ESRCH;
	s->mm = mm;
	return 0;
}

void dbg_session_detach(struct dbg_session *s)
{
	cancel_work_sync(&s->peek_work);
	mmput(s->mm);
	s->mm = NULL;
}

void dbg_peek_worker_users_holder(struct work_struct *work)
{
	struct dbg_session *s = container_of(work, struct dbg_session, peek_work);

	if (access_remote_vm(s->mm, s->addr, &s->value, sizeof(s->value), FOLL_FORCE) != sizeof(s->value)) /* ok: mmgrab-only-access */
		s->value = 0;
}

/* ---- the caller's own mm, and a get_task_mm() result ------------------ */

long ux_pin_now_current(unsigned long uaddr, unsigned long npages,
			struct page **pages)
{
	struct mm_struct *mm = current->mm;
	long n;

	mmap_read_lock(mm);
	n = get_user_pages_remote(mm, uaddr, npages, FOLL_WRITE, pages, NULL); /* ok: mmgrab-only-access */
	mmap_read_unlock(mm);
	return n;
}

int dbg_fault_in_task(struct task_struct *task, unsigned long addr)
{
	struct mm_struct *mm;
	bool unlocked = false;
	int ret;

	mm = get_task_mm(task);
	if (!mm)
		return -ESRCH;

	mmap_read_lock(mm);
	ret = fixup_user_fault(mm, addr, FAULT_FLAG_WRITE, &unlocked); /* ok: mmgrab-only-access */
	mmap_read_unlock(mm);
	mmput(mm);
	return ret;
}
