#include <linux/mmlint_stub.h>
/*
 * opaque-mm-dereferenced on the shapes real trees use once `mm->mmap_lock` is read as struct
 * mm_struct's member (6.12's members sit in an anonymous struct): quiet where something else
 * keeps the mm_struct — a field the vocabulary gives a protocol (struct mm_walk.mm), a copy of
 * such a field (ksm's rmap_item->mm = mm_slot->slot.mm), a local aggregate its declaration fills
 * (mm/vma.c's VMG_VMA_STATE), a notifier registered through a helper next to the store
 * (sgi-gru's gru_register_mmu_notifier()), a store on a path that holds a reference on the same
 * mm in another object (KVM: kvm->mm mmgrab()bed, or compared with current->mm, before
 * gmap_create(current->mm)). Still reported: a plain key read from a worker.
 */

struct mm_slot {
	struct mm_struct *mm;
};

struct nk_rmap_item {
	struct mm_struct *mm;
	unsigned long address;
};

/* ksm: the rmap item lives under its slot's protocol */
void nk_add_item(struct nk_rmap_item *item, struct mm_slot *slot, unsigned long addr)
{
	item->mm = slot->mm;
	item->address = addr;
}

void nk_item_lock(struct nk_rmap_item *item)
{
	down_read(&item->mm->mmap_lock); /* ok: opaque-mm-dereferenced */
	up_read(&item->mm->mmap_lock);
}

/* a local aggregate filled by its declaration */
struct nk_merge {
	struct mm_struct *mm;
	unsigned long start;
};

static unsigned long nk_merge_check(struct nk_merge *m)
{
	return m->mm->start_stack; /* ok: opaque-mm-dereferenced */
}

void nk_merge(struct vm_area_struct *vma)
{
	struct nk_merge m = { .mm = vma->vm_mm, .start = vma->vm_start };

	nk_merge_check(&m);
}

/* a notifier registered through a helper next to the store */
extern const struct mmu_notifier_ops nk_gru_ops;

struct nk_gts {
	struct mm_struct *ts_mm;
	struct mmu_notifier *ts_gms;
};

static struct mmu_notifier *nk_register_notifier(void)
{
	return mmu_notifier_get(&nk_gru_ops, current->mm);
}

int nk_alloc_gts(struct nk_gts *gts)
{
	gts->ts_mm = current->mm;
	gts->ts_gms = nk_register_notifier();
	return 0;
}

unsigned long nk_gts_stack(struct nk_gts *gts)
{
	return gts->ts_mm->start_stack; /* ok: opaque-mm-dereferenced */
}

/* KVM: the VM holds mm_count; its guest address spaces copy the same mm */
struct nk_kvm {
	struct mm_struct *mm;
	struct nk_gmap *gmap;
};

struct nk_gmap {
	struct mm_struct *mm;
};

static struct nk_gmap nk_gmaps[4];

static struct nk_gmap *nk_gmap_create(struct mm_struct *mm, int i)
{
	nk_gmaps[i].mm = mm;
	return &nk_gmaps[i];
}

static void nk_arch_init_vm(struct nk_kvm *kvm)
{
	kvm->gmap = nk_gmap_create(current->mm, 0);
}

int nk_create_vm(struct nk_kvm *kvm)
{
	mmgrab(current->mm);
	kvm->mm = current->mm;
	nk_arch_init_vm(kvm);
	return 0;
}

static void nk_set_limit(struct nk_kvm *kvm)
{
	kvm->gmap = nk_gmap_create(current->mm, 1);
}

long nk_vm_ioctl(struct nk_kvm *kvm, unsigned int cmd)
{
	if (kvm->mm != current->mm)
		return -EIO;
	nk_set_limit(kvm);
	return 0;
}

void nk_gmap_fault(struct nk_gmap *gmap)
{
	down_read(&gmap->mm->mmap_lock); /* ok: opaque-mm-dereferenced */
	up_read(&gmap->mm->mmap_lock);
}

/* the same copy with no reference anywhere on its path: a key */
struct nk_job {
	struct mm_struct *mm;
	struct work_struct work;
};

static void nk_job_work(struct work_struct *w)
{
	struct nk_job *job = container_of(w, struct nk_job, work);

	down_read(&job->mm->mmap_lock); /* expect: opaque-mm-dereferenced */
	up_read(&job->mm->mmap_lock);
}

int nk_job_submit(struct nk_job *job)
{
	job->mm = current->mm;
	INIT_WORK(&job->work, nk_job_work);
	schedule_work(&job->work);
	return 0;
}
