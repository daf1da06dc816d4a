#include <linux/mmlint_stub.h>
/*
 * A worker consumes the mm reference its queuer took (kvm's async_pf_execute(), vhost's
 * worker, io_uring's old work items): it drops it on its way out, and once it has run nobody
 * else will. A return that neither drops nor hands the reference on leaks it: an early exit
 * on a member of the work item, on an error a call returned, in a kernel thread. Not a leak
 * where the way out decides on the reference itself (no mm), on a call's answer (the last
 * reference of the item), on a flag word, where the item goes on (requeued, completed to a
 * waiter), or where every path drops.
 */

struct wc_item {
	struct mm_struct *mm;
	struct work_struct work;
	struct completion done;
	refcount_t refs;
	unsigned long addr;
	unsigned long flags;
	int again;
};

#define WC_OWNS_MM	0x1

long get_user_pages_remote(struct mm_struct *mm, unsigned long start, unsigned long nr_pages,
			   unsigned int gup_flags, struct page **pages, int *locked);
void wc_done(struct wc_item *w);

static int wc_prepare(struct wc_item *w)
{
	return w->addr ? 0 : -EINVAL;
}

static void wc_early_member(struct work_struct *work)
{
	struct wc_item *w = container_of(work, struct wc_item, work);
	struct mm_struct *mm = w->mm;
	int locked = 1;

	if (!w->addr)
		return; /* expect: mm-ref-imbalance the queuer reference is never dropped on this path */
	mmap_read_lock(mm);
	get_user_pages_remote(mm, w->addr, 1, FOLL_WRITE, NULL, &locked);
	if (locked)
		mmap_read_unlock(mm);
	mmput(mm);
}

static void wc_error_return(struct work_struct *work)
{
	struct wc_item *w = container_of(work, struct wc_item, work);
	int ret;

	ret = wc_prepare(w);
	if (ret < 0)
		return; /* expect: mm-ref-imbalance an error a call returned and no put */
	kthread_use_mm(w->mm);
	kthread_unuse_mm(w->mm);
	mmput(w->mm);
}

static int wc_thread(void *data)
{
	struct wc_item *w = data;

	if (w->again == 0)
		return 0; /* expect: mm-ref-imbalance the thread returns with the handed reference */
	kthread_use_mm(w->mm);
	kthread_unuse_mm(w->mm);
	mmput(w->mm);
	return 0;
}

void wc_start_thread(struct wc_item *w)
{
	mmget(w->mm);
	kthread_run(wc_thread, w, "wc");
}

static void wc_no_mm(struct work_struct *work)
{
	struct wc_item *w = container_of(work, struct wc_item, work);

	if (!w->mm)
		return; /* ok: mm-ref-imbalance no reference to drop */
	kthread_use_mm(w->mm);
	kthread_unuse_mm(w->mm);
	mmput(w->mm);
}

static void wc_last_ref(struct work_struct *work)
{
	struct wc_item *w = container_of(work, struct wc_item, work);

	if (!refcount_dec_and_test(&w->refs))
		return; /* ok: mm-ref-imbalance the last holder of the item drops it */
	mmput(w->mm);
	kfree(w);
}

static void wc_flag_word(struct work_struct *work)
{
	struct wc_item *w = container_of(work, struct wc_item, work);

	if (!(w->flags & WC_OWNS_MM))
		return; /* ok: mm-ref-imbalance a flag word says whose reference it is */
	mmput(w->mm);
}

static void wc_requeue(struct work_struct *work)
{
	struct wc_item *w = container_of(work, struct wc_item, work);

	if (w->again) {
		w->again = 0;
		schedule_work(&w->work);
		return; /* ok: mm-ref-imbalance the item and its reference go on */
	}
	mmput(w->mm);
}

static void wc_complete_waiter(struct work_struct *work)
{
	struct wc_item *w = container_of(work, struct wc_item, work);

	if (w->again) {
		complete(&w->done);
		return; /* ok: mm-ref-imbalance the waiter owns the item from here */
	}
	mmput(w->mm);
}

static void wc_every_path(struct work_struct *work)
{
	struct wc_item *w = container_of(work, struct wc_item, work);

	if (!w->addr)
		goto out;
	kthread_use_mm(w->mm);
	kthread_unuse_mm(w->mm);
out:
	mmput(w->mm); /* ok: mm-ref-imbalance every way out drops it */
}

/* Not a worker: a helper dropping the caller's reference on one path only is the caller's business. */
void wc_helper_drops_on_error(struct wc_item *w, int err)
{
	if (!err)
		return; /* ok: mm-ref-imbalance the caller keeps its reference on success */
	mmput(w->mm);
}

/* The item handed to a function mmlint cannot see before the put: the early exit still leaks. */
static void wc_done_then_put(struct work_struct *work)
{
	struct wc_item *w = container_of(work, struct wc_item, work);
	struct mm_struct *mm = w->mm;

	if (w->again < 0)
		return; /* expect: mm-ref-imbalance no put and no hand-off on this path */
	wc_done(w);
	mmput(mm);
}

void wc_queue(struct wc_item *w)
{
	mmget(w->mm);
	INIT_WORK(&w->work, wc_early_member);
	schedule_work(&w->work);
}
