#include <linux/mmlint_stub.h>
/*
 * References taken or dropped through the driver's own wrappers (a function that calls
 * mmput()/mmgrab() on its parameter on every path, one or two levels deep) count as the API
 * call they wrap: a wrapper's drop followed by mmput() is a double drop. And a reference taken
 * on the running task's mm (mmgrab(current->mm), directly, through a local or a wrapper) is no
 * object's: a path that neither stores nor drops it, where another path does, leaks it.
 */

struct wc_ctx {
	struct mm_struct *mm;
	int mode;
};

static void wc_put_mm(struct mm_struct *mm)
{
	mmput(mm);
}

static void wc_release(struct mm_struct *mm, bool verbose)
{
	if (verbose)
		pr_debug("wc: release\n");
	wc_put_mm(mm);
}

static void wc_hold(struct mm_struct *mm)
{
	mmgrab(mm);
}

/* 1. a wrapper's drop, then the API's */
int wc_double(struct task_struct *t, void *buf)
{
	struct mm_struct *mm = get_task_mm(t);
	int ret;

	if (!mm)
		return -ESRCH;
	ret = access_remote_vm(mm, 0, buf, 8, 0);
	wc_put_mm(mm);
	mmput(mm); /* expect: mm-ref-imbalance */
	return ret;
}

/* 2. two levels, on an error path reached by goto */
int wc_double_goto(struct task_struct *t, void *buf, int len)
{
	struct mm_struct *mm = get_task_mm(t);
	int ret = 0;

	if (!mm)
		return -ESRCH;
	if (len > 64) {
		wc_release(mm, true);
		ret = -EINVAL;
		goto out;
	}
	ret = access_remote_vm(mm, 0, buf, len, 0);
out:
	mmput(mm); /* expect: mm-ref-imbalance */
	return ret;
}

/* 3. fixed: the wrapper is the only drop */
int wc_once(struct task_struct *t, void *buf)
{
	struct mm_struct *mm = get_task_mm(t);
	int ret;

	if (!mm)
		return -ESRCH;
	ret = access_remote_vm(mm, 0, buf, 8, 0);
	wc_release(mm, false);
	return ret; /* ok: mm-ref-imbalance */
}

/* 4. mmgrab(current->mm) through a local, stored on one path, forgotten on the error path */
int wc_setup(struct wc_ctx *c)
{
	struct mm_struct *mm = current->mm;

	mmgrab(mm);
	if (c->mode < 0)
		return -EINVAL; /* expect: mm-ref-imbalance */
	c->mm = mm;
	return 0;
}

/* 5. the same spelled on current->mm, taken through the wrapper */
int wc_setup_wrapped(struct wc_ctx *c)
{
	wc_hold(current->mm);
	if (c->mode < 0)
		return -EINVAL; /* expect: mm-ref-imbalance */
	c->mm = current->mm;
	return 0;
}

/* 6. fixed: the error path drops what it took */
int wc_setup_fixed(struct wc_ctx *c)
{
	mmgrab(current->mm);
	if (c->mode < 0) {
		mmdrop(current->mm);
		return -EINVAL; /* ok: mm-ref-imbalance */
	}
	c->mm = current->mm;
	return 0; /* ok: mm-ref-imbalance */
}

/* 7. not a leak: a grab for the caller, stored nowhere here on any path */
void wc_grab_for_caller(void)
{
	mmgrab(current->mm);
}

/* 8. not a leak: the early return comes before the grab */
int wc_setup_late(struct wc_ctx *c)
{
	if (c->mode < 0)
		return -EINVAL; /* ok: mm-ref-imbalance */
	mmgrab(current->mm);
	c->mm = current->mm;
	return 0;
}

/* 9. not a taking wrapper: it grabs and stores in the object (the object keeps it) */
static void wc_grab_store(struct wc_ctx *c, struct mm_struct *mm)
{
	mmgrab(mm);
	c->mm = mm;
}

int wc_setup_stored(struct wc_ctx *c)
{
	struct mm_struct *mm = current->mm;

	wc_grab_store(c, mm);
	if (c->mode < 0) {
		mmdrop(mm);
		c->mm = NULL;
		return -EINVAL; /* ok: mm-ref-imbalance */
	}
	return 0; /* ok: mm-ref-imbalance */
}
