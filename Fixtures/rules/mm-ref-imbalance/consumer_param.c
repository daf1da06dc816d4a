#include <linux/mmlint_stub.h>
/*
 * A function handed an mm reference that it consumes: it drops it on some paths and stores it
 * away into a work item it queues on others (cpuset_migrate_mm(), kernel/cgroup/cpuset.c, 4.x-6.12:
 * `if (nodes_equal(*from, *to)) { mmput(mm); return; } mwork = kzalloc(…); if (mwork) { mwork->mm
 * = mm; …; queue_work(…); } else { mmput(mm); }`). A path that does neither leaks the reference:
 * the allocation failure returning early, or a test of a plain value. Quiet: every path drops
 * or stores; a function that only stores (the caller keeps its reference where it fails); one
 * whose way out turns on a call's answer the owning paths never took (it may say the reference
 * is not this function's).
 */

struct cp_work {
	struct work_struct work;
	struct mm_struct *mm;
	int from, to;
};

static void cp_workfn(struct work_struct *work)
{
	struct cp_work *w = container_of(work, struct cp_work, work);

	mmput(w->mm);
	kfree(w);
}

bool cp_same(int from, int to);
bool cp_not_ours(struct mm_struct *mm);

/* 1. the allocation failure returns early */
void cp_migrate_nomem(struct mm_struct *mm, int from, int to)
{
	struct cp_work *w;

	if (cp_same(from, to)) {
		mmput(mm);
		return;
	}
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return; /* expect: mm-ref-imbalance the reference it consumes is dropped by nobody */
	w->mm = mm;
	w->from = from;
	w->to = to;
	INIT_WORK(&w->work, cp_workfn);
	schedule_work(&w->work);
}

/* 2. a plain value decides */
void cp_migrate_flag(struct mm_struct *mm, int from, int to, int quick)
{
	struct cp_work *w = kzalloc(sizeof(*w), GFP_KERNEL);

	if (!w) {
		mmput(mm);
		return;
	}
	if (quick) {
		kfree(w);
		return; /* expect: mm-ref-imbalance neither dropped nor stored on this path */
	}
	w->mm = mm;
	INIT_WORK(&w->work, cp_workfn);
	schedule_work(&w->work);
}

/* 3. the kernel's form */
void cp_migrate(struct mm_struct *mm, int from, int to)
{
	struct cp_work *w;

	if (cp_same(from, to)) {
		mmput(mm);
		return;
	}
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (w) {
		w->mm = mm;
		w->from = from;
		w->to = to;
		INIT_WORK(&w->work, cp_workfn);
		schedule_work(&w->work);
	} else {
		mmput(mm); /* ok: mm-ref-imbalance */
	}
}

/* 4. only stores: the caller keeps its reference where this fails */
int cp_queue(struct mm_struct *mm)
{
	struct cp_work *w = kzalloc(sizeof(*w), GFP_KERNEL);

	if (!w)
		return -ENOMEM; /* ok: mm-ref-imbalance the caller drops it on failure */
	w->mm = mm;
	INIT_WORK(&w->work, cp_workfn);
	schedule_work(&w->work);
	return 0;
}

/* 5. a call's answer decides, on a way the owning paths never went */
void cp_migrate_checked(struct mm_struct *mm, int from, int to)
{
	struct cp_work *w;

	if (cp_not_ours(mm))
		return; /* ok: mm-ref-imbalance the answer may say the reference is not ours */
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w) {
		mmput(mm);
		return;
	}
	w->mm = mm;
	INIT_WORK(&w->work, cp_workfn);
	schedule_work(&w->work);
}
