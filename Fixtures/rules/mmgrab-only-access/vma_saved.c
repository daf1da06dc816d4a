#include <linux/mmlint_stub.h>
/*
 * KNOWN MISS (todo): a vma saved in a struct, zapped later, while the mm it belongs to is kept
 * in another member with no reference (drivers/misc/sgi-gru: gts->ts_vma zapped by
 * zap_vma_ptes() while gts->ts_mm = current->mm takes none). Nothing links the saved vma to
 * the saved mm, so the zap is not judged (a vma of unknown mm is the core's business).
 */

struct vs_ctx {
	struct mm_struct *mm;			/* stored with no reference */
	struct vm_area_struct *vma;
	struct work_struct work;
};

int vs_mmap(struct vs_ctx *c, struct vm_area_struct *vma)
{
	c->mm = current->mm;
	c->vma = vma;
	return 0;
}

static void vs_unload_work(struct work_struct *w)
{
	struct vs_ctx *c = container_of(w, struct vs_ctx, work);

	mmap_read_lock(c->mm);
	zap_vma_ptes(c->vma, c->vma->vm_start, PAGE_SIZE); /* todo: mmgrab-only-access */
	mmap_read_unlock(c->mm);
}

void vs_queue(struct vs_ctx *c)
{
	INIT_WORK(&c->work, vs_unload_work);
	schedule_work(&c->work);
}
