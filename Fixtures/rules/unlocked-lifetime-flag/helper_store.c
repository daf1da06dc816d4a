#include <linux/mmlint_stub.h>
/*
 * The teardown marks the object stopping through a helper it calls before removing the
 * interval notifier (nouveau svmm / amdgpu hmm shape): the store is the teardown's, as a
 * store in a helper of the notifier's ->release is. A worker that tests the state plainly,
 * then faults the range, races the removal; the twin that pins the mm first uses the state as
 * a fast path only, and a flag the helper sets that no worker tests is nothing. Not teardown
 * stores: those of an init helper a constructor calls before its error path puts the notifier
 * (its success path returns without the put: amdkfd's create_process() shape), and an element
 * of an array member the teardown's helper clears (`x->dma_list[i] = 0`: no flag of the object).
 */

enum hs_state { HS_LIVE, HS_STOPPING };

struct hs_svm {
	struct mmu_interval_notifier notifier;
	int state;
	bool quiet;
	struct hmm_range range;
	struct work_struct fault_work;
};

static void hs_mark(struct hs_svm *s)
{
	s->state = HS_STOPPING;
	s->quiet = true;
}

void hs_fini(struct hs_svm *s)
{
	hs_mark(s);
	mmu_interval_notifier_remove(&s->notifier);
}

static void hs_fault_work(struct work_struct *work)
{
	struct hs_svm *s = container_of(work, struct hs_svm, fault_work);

	if (s->state != HS_LIVE) /* expect: unlocked-lifetime-flag set by the teardown helper */
		return;
	s->range.notifier = &s->notifier;
	hmm_range_fault(&s->range); /* expect: mmgrab-only-access the notifier holds the count only */
}

static void hs_fault_work_pinned(struct work_struct *work)
{
	struct hs_svm *s = container_of(work, struct hs_svm, fault_work);
	struct mm_struct *mm = s->notifier.mm;

	if (s->state != HS_LIVE) /* ok: unlocked-lifetime-flag pinned before the use */
		return;
	if (!mmget_not_zero(mm))
		return;
	s->range.notifier = &s->notifier;
	mmap_read_lock(mm);
	hmm_range_fault(&s->range);
	mmap_read_unlock(mm);
	mmput(mm);
}

void hs_start(struct hs_svm *s)
{
	INIT_WORK(&s->fault_work, hs_fault_work);
}

/* A constructor: its init helper's stores are no teardown's. */
struct hc_proc {
	struct mmu_notifier mn;
	bool paused;
	unsigned long addr;
	struct page *page;
	struct mm_struct *mm;
};

static void hc_init(struct hc_proc *p)
{
	p->paused = false;
}

int hc_register(struct hc_proc *p);

void hc_bind(struct hc_proc *p)
{
	mmgrab(current->mm);
	p->mm = current->mm;
}

struct hc_proc *hc_create(struct hc_proc *p)
{
	hc_init(p);
	if (hc_register(p)) {
		mmu_notifier_put(&p->mn);
		return NULL;
	}
	return p;
}

long hc_ioctl(struct hc_proc *p)
{
	if (!p->paused) /* ok: unlocked-lifetime-flag set by a constructor not a teardown */
		return -EBUSY;
	return get_user_pages_remote(p->mm, p->addr, 1, 0, &p->page, NULL); /* expect: mmgrab-only-access the count only */
}

/* An element of an array member cleared by the teardown's helper. */
struct he_umem {
	struct mmu_interval_notifier notifier;
	unsigned long *pfns;
	struct hmm_range range;
};

static void he_unmap(struct he_umem *u, int i)
{
	u->pfns[i] = 0;
}

void he_release(struct he_umem *u)
{
	he_unmap(u, 0);
	mmu_interval_notifier_remove(&u->notifier);
}

int he_fault(struct he_umem *u)
{
	if (!u->pfns) /* ok: unlocked-lifetime-flag an element store is no flag */
		return -ENOMEM;
	return hmm_range_fault(&u->range); /* expect: mmgrab-only-access the notifier holds the count only */
}
