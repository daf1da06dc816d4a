#include <linux/mmlint_stub.h>
/*
 * kvm_setup_async_pf (5.x): the work item holds an mmget() of the running task's mm, and the
 * error path frees the item without the mmput() its worker would have made. The test that
 * sends the path there reads one of the item's members inside a branch hint
 * (`if (unlikely(kvm_is_error_hva(work->addr))) goto retry_sync;`): a member's value handed to
 * a function is not the item, so the reference stays with the item and the free loses it. The
 * same written with likely(), with a macro that spells the member itself, and plainly; quiet
 * where the error path puts the reference first, and where the item's own address is handed
 * on (the callee may keep it).
 */

struct kmem_cache;
static struct kmem_cache *ht_cache;
void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t flags);
void kmem_cache_free(struct kmem_cache *c, void *obj);
bool ht_error_hva(unsigned long addr);
bool ht_track(struct work_struct *work);

#define HT_BAD_HVA(w) ht_error_hva((w)->addr)

struct ht_apf {
	struct work_struct work;
	struct mm_struct *mm;
	unsigned long addr;
};

static void ht_execute(struct work_struct *work)
{
	struct ht_apf *apf = container_of(work, struct ht_apf, work);
	struct mm_struct *mm = apf->mm;

	mmap_read_lock(mm);
	get_user_pages_remote(mm, apf->addr, 1, FOLL_WRITE, NULL, NULL);
	mmap_read_unlock(mm);
	mmput(mm);
	kmem_cache_free(ht_cache, apf);
}

int ht_setup_unlikely(unsigned long hva)
{
	struct ht_apf *work = kmem_cache_zalloc(ht_cache, GFP_ATOMIC);

	if (!work)
		return 0;
	work->addr = hva;
	work->mm = current->mm;
	mmget(work->mm);
	if (unlikely(ht_error_hva(work->addr)))
		goto retry_sync;
	INIT_WORK(&work->work, ht_execute);
	if (!schedule_work(&work->work))
		goto retry_sync;
	return 1;
retry_sync:
	kmem_cache_free(ht_cache, work); /* expect: mm-ref-imbalance the item still holds the users reference */
	return 0;
}

int ht_setup_likely(unsigned long hva)
{
	struct ht_apf *work = kmem_cache_zalloc(ht_cache, GFP_ATOMIC);

	if (!work)
		return 0;
	work->addr = hva;
	work->mm = current->mm;
	mmget(work->mm);
	if (likely(!ht_error_hva(work->addr))) {
		INIT_WORK(&work->work, ht_execute);
		schedule_work(&work->work);
		return 1;
	}
	kmem_cache_free(ht_cache, work); /* expect: mm-ref-imbalance */
	return 0;
}

int ht_setup_macro(unsigned long hva)
{
	struct ht_apf *work = kmem_cache_zalloc(ht_cache, GFP_ATOMIC);

	if (!work)
		return 0;
	work->addr = hva;
	work->mm = current->mm;
	mmget(work->mm);
	if (unlikely(HT_BAD_HVA(work))) {
		kmem_cache_free(ht_cache, work); /* expect: mm-ref-imbalance */
		return 0;
	}
	INIT_WORK(&work->work, ht_execute);
	schedule_work(&work->work);
	return 1;
}

int ht_setup_ok(unsigned long hva)
{
	struct ht_apf *work = kmem_cache_zalloc(ht_cache, GFP_ATOMIC);

	if (!work)
		return 0;
	work->addr = hva;
	work->mm = current->mm;
	mmget(work->mm);
	if (unlikely(ht_error_hva(work->addr))) {
		mmput(work->mm);
		kmem_cache_free(ht_cache, work); /* ok: mm-ref-imbalance put first */
		return 0;
	}
	INIT_WORK(&work->work, ht_execute);
	schedule_work(&work->work);
	return 1;
}

int ht_setup_tracked(unsigned long hva)
{
	struct ht_apf *work = kmem_cache_zalloc(ht_cache, GFP_ATOMIC);

	if (!work)
		return 0;
	work->addr = hva;
	work->mm = current->mm;
	mmget(work->mm);
	INIT_WORK(&work->work, ht_execute);
	if (unlikely(!ht_track(&work->work)))
		return 0; /* ok: mm-ref-imbalance the item went to a callee that may keep it */
	schedule_work(&work->work);
	return 1;
}
