#include <linux/mmlint_stub.h>
/*
 * The vma looked up through a helper of the driver, then faulted or zapped in a worker: the vma
 * belongs to the mm the helper looked in, which the object holds by mmgrab() only. Spellings:
 * the lookup returned directly, through a checked local (NULL, or an error pointer), and a
 * helper handed the mm itself.
 * Quiet: the worker pins the mm first.
 */

struct vw_ctx {
	struct mm_struct *mm;		/* mmgrab() at open */
	struct work_struct work;
	unsigned long addr;
};

static struct vm_area_struct *vw_vma(struct vw_ctx *c)
{
	return vma_lookup(c->mm, c->addr);
}

static struct vm_area_struct *vw_vma_checked(struct vw_ctx *c, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(c->mm, addr);

	if (!vma || vma->vm_start > addr)
		return NULL;
	return vma;
}

static struct vm_area_struct *vw_lookup(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);

	if (!vma)
		return ERR_PTR(-EFAULT);
	return vma;
}

static void vw_work(struct work_struct *w)
{
	struct vw_ctx *c = container_of(w, struct vw_ctx, work);
	struct vm_area_struct *vma;

	mmap_read_lock(c->mm);
	vma = vw_vma(c);
	if (vma)
		handle_mm_fault(vma, c->addr, FAULT_FLAG_WRITE, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(c->mm);
}

static void vw_work_checked(struct work_struct *w)
{
	struct vw_ctx *c = container_of(w, struct vw_ctx, work);
	struct vm_area_struct *vma;

	mmap_read_lock(c->mm);
	vma = vw_vma_checked(c, c->addr);
	if (vma)
		zap_vma_ptes(vma, c->addr, PAGE_SIZE); /* expect: mmgrab-only-access */
	mmap_read_unlock(c->mm);
}

static void vw_work_param(struct work_struct *w)
{
	struct vw_ctx *c = container_of(w, struct vw_ctx, work);
	struct vm_area_struct *vma;

	mmap_read_lock(c->mm);
	vma = vw_lookup(c->mm, c->addr);
	if (!IS_ERR(vma))
		handle_mm_fault(vma, c->addr, 0, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(c->mm);
}

static void vw_work_pinned(struct work_struct *w)
{
	struct vw_ctx *c = container_of(w, struct vw_ctx, work);
	struct vm_area_struct *vma;

	if (!mmget_not_zero(c->mm))
		return;
	mmap_read_lock(c->mm);
	vma = vw_vma(c);
	if (vma)
		handle_mm_fault(vma, c->addr, FAULT_FLAG_WRITE, NULL); /* ok: mmgrab-only-access */
	mmap_read_unlock(c->mm);
	mmput(c->mm);
}

int vw_open(struct vw_ctx *c, int kind)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	if (kind == 0)
		INIT_WORK(&c->work, vw_work);
	else if (kind == 1)
		INIT_WORK(&c->work, vw_work_checked);
	else if (kind == 2)
		INIT_WORK(&c->work, vw_work_param);
	else
		INIT_WORK(&c->work, vw_work_pinned);
	return 0;
}

/*
 * Quiet (no verdict): a lookup helper that tests the mm's own mm_users first, the ksm exit
 * protocol's lookup (mm/ksm.c find_mergeable_vma() through ksm_test_exit()): safe only by the
 * barrier the protocol's exit path takes, which mmlint does not follow; its vma is not bound.
 */
static inline int vw_test_exit(struct mm_struct *mm)
{
	return atomic_read(&mm->mm_users) == 0;
}

static struct vm_area_struct *vw_mergeable(struct mm_struct *mm, unsigned long addr)
{
	if (vw_test_exit(mm))
		return NULL;
	return vma_lookup(mm, addr);
}

struct vw_item {
	struct mm_struct *mm;		/* no reference: the protocol's slot keeps it */
	unsigned long addr;
};

void vw_break(struct vw_item *it)
{
	struct mm_struct *mm = it->mm;
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = vw_mergeable(mm, it->addr);
	if (vma)
		handle_mm_fault(vma, it->addr, 0, NULL); /* ok: mmgrab-only-access */
	mmap_read_unlock(mm);
}

void vw_item_init(struct vw_item *it, unsigned long addr)
{
	it->mm = current->mm;
	it->addr = addr;
}
