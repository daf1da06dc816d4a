#include <linux/mmlint_stub.h>
/*
 * Puts the vocabulary does not name: the tree's own wrapper of a put, DEFINE_FREE's destructor
 * of a `__free(mmput)` variable, and a local taken out of the member by xchg() or
 * no_free_ptr(). Each is judged by what the member holds, as a direct put is.
 */

DEFINE_FREE(mmput, struct mm_struct *, if (_T) mmput(_T))
DEFINE_FREE(mmdrop, struct mm_struct *, if (_T) mmdrop(_T))

static void wp_put_mm(struct mm_struct *mm)
{
	if (mm)
		mmput(mm);
}

static void wp_drop_mm(struct mm_struct *mm)
{
	if (!mm)
		return;
	mmdrop(mm);
}

/* a member that only ever holds mm_count */
struct wp_grab {
	struct mm_struct *mm;
	unsigned long start;
};

int wp_grab_open(struct wp_grab *g)
{
	g->mm = current->mm;
	mmgrab(g->mm);
	return 0;
}

void wp_grab_release_wrapper(struct wp_grab *g)
{
	wp_put_mm(g->mm); /* expect: mm-drop-kind-mismatch (the wrapper's mmput drops mm_users) */
}

void wp_grab_release_xchg(struct wp_grab *g)
{
	struct mm_struct *mm = xchg(&g->mm, NULL);

	if (mm)
		mmput(mm); /* expect: mm-drop-kind-mismatch (taken out of the mm_count member) */
}

void wp_grab_release_scoped(struct wp_grab *g)
{
	struct mm_struct *mm __free(mmput) = no_free_ptr(g->mm); /* expect: mm-drop-kind-mismatch */
}

int wp_grab_fault(struct wp_grab *g, unsigned long addr)
{
	struct mm_struct *mm __free(mmput) = g->mm; /* expect: mm-drop-kind-mismatch (a scoped put of a borrowed mm) */

	mmap_read_lock(mm);
	find_vma(mm, addr);
	mmap_read_unlock(mm);
	return 0;
}

void wp_grab_release_ok(struct wp_grab *g)
{
	struct mm_struct *mm = xchg_release(&g->mm, NULL);

	wp_drop_mm(mm); /* ok: mm-drop-kind-mismatch (mm_count dropped) */
}

void wp_grab_close_ok(struct wp_grab *g)
{
	struct mm_struct *mm __free(mmdrop) = no_free_ptr(g->mm); /* ok: mm-drop-kind-mismatch */
}

/* a member that only ever holds mm_users */
struct wp_pin {
	struct mm_struct *mm;
};

void wp_pin_bind(struct wp_pin *p, struct task_struct *t)
{
	p->mm = get_task_mm(t);
}

void wp_pin_unbind(struct wp_pin *p)
{
	struct mm_struct *mm = xchg(&p->mm, NULL);

	wp_drop_mm(mm); /* expect: mm-drop-kind-mismatch (mm_count dropped on an mm_users member) */
}

void wp_pin_unbind_ok(struct wp_pin *p)
{
	struct mm_struct *mm __free(mmput) = xchg(&p->mm, NULL); /* ok: mm-drop-kind-mismatch */
}

/* a scoped put of a fresh reference, and one handed on: not the member's */
int wp_peek_ok(struct task_struct *t, unsigned long addr)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t); /* ok: mm-drop-kind-mismatch */

	if (!mm)
		return -ESRCH;
	mmap_read_lock(mm);
	find_vma(mm, addr);
	mmap_read_unlock(mm);
	return 0;
}

/* the correct use of an mm_count holder: pinned where it is used */
struct wp_worker {
	struct mm_struct *mm;
};

void wp_worker_bind(struct wp_worker *w)
{
	w->mm = current->mm;
	mmgrab(w->mm);
}

static bool wp_worker_pin(struct wp_worker *w)
{
	return mmget_not_zero(w->mm);
}

void wp_worker_run(struct wp_worker *w)
{
	if (!mmget_not_zero(w->mm))
		return;
	wp_put_mm(w->mm); /* ok: mm-drop-kind-mismatch (mm_users taken on the member just before) */
}
