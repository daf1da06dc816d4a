#include <linux/mmlint_stub.h>
/*
 * Device-memory migration on an mm held by mmgrab() only. migrate_vma_setup() walks and
 * unmaps the page tables of args->vma (mm/migrate_device.c), an operation on args->vma->vm_mm
 * as handle_mm_fault() is; here the vma comes from a lookup in the worker's mmgrab-only mm,
 * put in the struct by a member store (and, below, by the initializer). The fixed form pins
 * the mm first.
 */

struct migrate_vma {
	struct vm_area_struct *vma;
	unsigned long *src;
	unsigned long *dst;
	unsigned long start;
	unsigned long end;
	void *pgmap_owner;
	unsigned long flags;
};
int migrate_vma_setup(struct migrate_vma *args);
void migrate_vma_pages(struct migrate_vma *migrate);
void migrate_vma_finalize(struct migrate_vma *migrate);

struct mv_dev {
	struct mm_struct *mm;		/* mmgrab() at open */
	struct work_struct work;
	unsigned long addr;
	unsigned long src[1], dst[1];
};

int mv_open(struct mv_dev *d)
{
	d->mm = current->mm;
	mmgrab(d->mm);
	return 0;
}

static void mv_work(struct work_struct *w)
{
	struct mv_dev *d = container_of(w, struct mv_dev, work);
	struct migrate_vma args = { .src = d->src, .dst = d->dst, .start = d->addr, .end = d->addr + PAGE_SIZE };

	mmap_read_lock(d->mm);
	args.vma = find_vma(d->mm, d->addr);
	if (args.vma && !migrate_vma_setup(&args)) { /* expect: mmgrab-only-access */
		migrate_vma_pages(&args);
		migrate_vma_finalize(&args);
	}
	mmap_read_unlock(d->mm);
}

static void mv_work_init(struct mv_dev *d)
{
	struct migrate_vma args = { .vma = find_vma(d->mm, d->addr), .src = d->src, .dst = d->dst };

	if (args.vma && !migrate_vma_setup(&args)) /* expect: mmgrab-only-access */
		migrate_vma_finalize(&args);
}

static void mv_work_pinned(struct mv_dev *d)
{
	struct migrate_vma args = { .src = d->src, .dst = d->dst, .start = d->addr, .end = d->addr + PAGE_SIZE };

	if (!mmget_not_zero(d->mm))
		return;
	mmap_read_lock(d->mm);
	args.vma = find_vma(d->mm, d->addr);
	if (args.vma && !migrate_vma_setup(&args)) { /* ok: mmgrab-only-access */
		migrate_vma_pages(&args);
		migrate_vma_finalize(&args);
	}
	mmap_read_unlock(d->mm);
	mmput(d->mm);
}
