#include <linux/mmlint_stub.h>
/*
 * A work item whose worker drops the reference its object holds (kvm's async page faults:
 * async_pf_execute() ends in `mmput(mm)` of `apf->mm`, the reference the submitter took with
 * mmget()). Where the canceller's cancel_work_sync() returns true the worker will not run: the
 * canceller owes the drop (kvm_clear_async_pf_completion_queue(): `if
 * (cancel_work_sync(&work->work)) { mmput(work->mm); kvm_put_kvm(vcpu->kvm);
 * kmem_cache_free(async_pf_cache, work); }`). Freeing the item there without it leaks mm_users.
 * Spelled with cancel_work_sync() and cancel_delayed_work_sync(); quiet where the canceller puts
 * it first, and where the item was not cancelled (the worker ran or runs); where it puts the
 * wrong count first, mm-drop-kind-mismatch alone reports it.
 */

struct kmem_cache;
static struct kmem_cache *cw_cache;
void kmem_cache_free(struct kmem_cache *c, void *obj);
bool cancel_work_sync(struct work_struct *work);
bool cancel_delayed_work_sync(struct delayed_work *dwork);

struct cw_apf {
	struct work_struct work;
	struct mm_struct *mm;
	unsigned long addr;
};

static void cw_execute(struct work_struct *work)
{
	struct cw_apf *apf = container_of(work, struct cw_apf, work);
	struct mm_struct *mm = apf->mm;

	mmap_read_lock(mm);
	get_user_pages_remote(mm, apf->addr, 1, FOLL_WRITE, NULL, NULL);
	mmap_read_unlock(mm);
	mmput(mm);
}

int cw_setup(unsigned long hva, struct cw_apf *work)
{
	work->addr = hva;
	work->mm = current->mm;
	mmget(work->mm);
	INIT_WORK(&work->work, cw_execute);
	schedule_work(&work->work);
	return 1;
}

void cw_clear_noput(struct cw_apf *work)
{
	if (cancel_work_sync(&work->work))
		kmem_cache_free(cw_cache, work); /* expect: mm-ref-imbalance the worker never ran */
}

void cw_clear(struct cw_apf *work)
{
	if (cancel_work_sync(&work->work)) {
		mmput(work->mm);
		kmem_cache_free(cw_cache, work); /* ok: mm-ref-imbalance put first */
	}
}

/* The wrong count put: reported once, by mm-drop-kind-mismatch (mmput() mends both). */
void cw_clear_wrong_kind(struct cw_apf *work)
{
	if (cancel_work_sync(&work->work)) {
		mmdrop(work->mm); /* expect: mm-drop-kind-mismatch */
		kmem_cache_free(cw_cache, work); /* ok: mm-ref-imbalance the put above is the one to mend */
	}
}

void cw_clear_ran(struct cw_apf *work)
{
	if (!cancel_work_sync(&work->work))
		kmem_cache_free(cw_cache, work); /* ok: mm-ref-imbalance the worker dropped it */
}

struct cw_dapf {
	struct delayed_work dwork;
	struct mm_struct *mm;
};

static void cw_delayed_execute(struct work_struct *work)
{
	struct cw_dapf *d = container_of(work, struct cw_dapf, dwork.work);

	mmput(d->mm);
}

void cw_delayed_setup(struct cw_dapf *d)
{
	d->mm = get_task_mm(current);
	INIT_DELAYED_WORK(&d->dwork, cw_delayed_execute);
}

void cw_delayed_clear_noput(struct cw_dapf *d)
{
	if (cancel_delayed_work_sync(&d->dwork))
		kfree(d); /* expect: mm-ref-imbalance */
}
