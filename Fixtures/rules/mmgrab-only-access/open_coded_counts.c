#include <linux/mmlint_stub.h>
/*
 * Before 4.11 there was no mmgrab()/mmget(): the counts were taken on the counters themselves
 * (4.9 fs/userfaultfd.c `atomic_inc(&ctx->mm->mm_count)`, virt/kvm/async_pf.c
 * `atomic_inc(&work->mm->mm_users)`, i915 userptr `atomic_inc_not_zero(&mm->mm_users)`).
 * They are the same references: an mm_count holder still needs a pin for its address space,
 * an mm_users holder and a tested pin do not, and taking a count is no dereference of a key.
 */

void use_mm(struct mm_struct *mm);
void unuse_mm(struct mm_struct *mm);

struct oc_uffd {
	struct mm_struct *mm;
};

int oc_uffd_create(struct oc_uffd *ctx)
{
	ctx->mm = current->mm;
	atomic_inc(&ctx->mm->mm_count); /* ok: opaque-mm-dereferenced (mmgrab spelled out) */
	return 0;
}

void oc_uffd_put(struct oc_uffd *ctx)
{
	mmdrop(ctx->mm);
}

int oc_uffd_peek(struct oc_uffd *ctx, unsigned long addr, void *buf, int len)
{
	struct mm_struct *mm = ctx->mm;
	int ret;

	if (!atomic_inc_not_zero(&mm->mm_users))
		return -ESRCH;
	mmap_read_lock(mm); /* ok: opaque-mm-dereferenced */
	ret = access_remote_vm(mm, addr, buf, len, 0); /* ok: mmgrab-only-access (pinned by the open-coded mmget_not_zero) */
	mmap_read_unlock(mm);
	mmput(mm);
	return ret;
}

int oc_uffd_peek_nopin(struct oc_uffd *ctx, unsigned long addr, void *buf, int len)
{
	return access_remote_vm(ctx->mm, addr, buf, len, 0); /* expect: mmgrab-only-access */
}

void oc_uffd_worker(struct oc_uffd *ctx)
{
	use_mm(ctx->mm); /* expect: use-mm-without-mmget */
	unuse_mm(ctx->mm);
}

int oc_uffd_peek_leak(struct oc_uffd *ctx, unsigned long addr, void *buf, int len)
{
	struct mm_struct *mm = ctx->mm;
	int ret;

	if (!atomic_inc_not_zero(&mm->mm_users))
		return -ESRCH;
	ret = access_remote_vm(mm, addr, buf, len, 0);
	if (ret < 0)
		return ret; /* expect: mm-ref-imbalance */
	mmput(mm);
	return ret;
}

/* An mm_users holder for a worker, the reference taken on the counter. */
struct oc_apf {
	struct work_struct work;
	struct mm_struct *mm;
	unsigned long addr;
};

static void oc_apf_execute(struct work_struct *work)
{
	struct oc_apf *apf = container_of(work, struct oc_apf, work);
	struct mm_struct *mm = apf->mm;
	char b;

	mmap_read_lock(mm); /* ok: opaque-mm-dereferenced */
	access_remote_vm(mm, apf->addr, &b, 1, FOLL_WRITE); /* ok: mmgrab-only-access (mm_users held) */
	mmap_read_unlock(mm);
	mmput(mm);
}

int oc_apf_setup(struct oc_apf *work, unsigned long hva)
{
	work->addr = hva;
	work->mm = current->mm;
	atomic_inc(&work->mm->mm_users); /* ok: opaque-mm-dereferenced (mmget spelled out) */
	INIT_WORK(&work->work, oc_apf_execute);
	schedule_work(&work->work);
	return 0;
}

/* An atomic_inc of another counter is no reference. */
struct oc_key {
	struct mm_struct *mm;
	atomic_t uses;
};

void oc_key_bind(struct oc_key *k)
{
	k->mm = current->mm;
	atomic_inc(&k->uses);
}

int oc_key_peek(struct oc_key *k, unsigned long addr, void *buf, int len)
{
	return access_remote_vm(k->mm, addr, buf, len, 0); /* expect: mmgrab-only-access */
}
