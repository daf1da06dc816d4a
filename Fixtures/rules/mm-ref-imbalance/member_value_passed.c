#include <linux/mmlint_stub.h>
/*
 * The object that holds a reference handed on ends the walk: the callee may keep it (a work
 * queue, a list). A member's value passed on is not the object: `kvm_is_error_hva(w->addr)`
 * cannot keep w, so the walk goes on and the error path that frees w without the put is seen
 * (kvm_setup_async_pf before the put moved under its label). Passing the object or a
 * member's address (`&w->work`: container_of reaches w) still hands it on.
 */

struct av_work {
	struct work_struct work;
	struct mm_struct *mm;
	unsigned long addr;
	unsigned int gfn;
};

extern bool av_is_error_hva(unsigned long hva);
extern void av_trace(unsigned int gfn, unsigned long addr);
extern void av_cache_free(struct av_work *w);
extern void av_execute(struct work_struct *work);

/* 1. BUG: the bad-address exit frees the item past the put. */
int av_setup_bad(struct av_work *w, unsigned long hva)
{
	w->addr = hva;
	w->mm = current->mm;
	mmget(w->mm);
	if (av_is_error_hva(w->addr))
		goto free_work;
	INIT_WORK(&w->work, av_execute);
	if (!schedule_work(&w->work))
		goto retry_sync;
	return 1;
retry_sync:
	mmput(w->mm);
free_work:
	kfree(w); /* expect: mm-ref-imbalance */
	return 0;
}

/* 2. FIXED: every exit that frees the item drops the reference first. */
int av_setup(struct av_work *w, unsigned long hva)
{
	w->addr = hva;
	w->mm = current->mm;
	mmget(w->mm);
	av_trace(w->gfn, w->addr);
	if (av_is_error_hva(w->addr))
		goto retry_sync;
	INIT_WORK(&w->work, av_execute);
	if (!schedule_work(&w->work))
		goto retry_sync;
	return 1;
retry_sync:
	mmput(w->mm);
	kfree(w); /* ok: mm-ref-imbalance */
	return 0;
}
