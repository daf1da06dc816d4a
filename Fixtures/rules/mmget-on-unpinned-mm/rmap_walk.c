#include <linux/mmlint_stub.h>
/*
 * An rmap walk's ->rmap_one(folio, vma, addr, arg) runs under the anon_vma or i_mmap lock
 * only: the vma is still linked, so its mm struct stays, but exit_mmap() may have dropped
 * mm_users to zero already (mm/rmap.c rmap_walk_anon/rmap_walk_file). A plain mmget() there
 * brings a dead mm back; uprobes' build_map_info() pins with mmget_not_zero(vma->vm_mm) under
 * i_mmap_lock (6.12 kernel/events/uprobes.c:1042). Spelled through a local copy of the mm,
 * with the walk control filled at run time and by an initializer; the try-pin is quiet.
 */

struct rw_hit {
	struct mm_struct *mm;
	unsigned long addr;
};

static bool rw_collect(struct folio *folio, struct vm_area_struct *vma, unsigned long addr, void *arg)
{
	struct rw_hit *hit = arg;
	struct mm_struct *mm = vma->vm_mm;

	mmget(mm); /* expect: mmget-on-unpinned-mm the walked vma mm may have no users */
	hit->mm = mm;
	hit->addr = addr;
	return false;
}

static bool rw_collect_tried(struct folio *folio, struct vm_area_struct *vma, unsigned long addr, void *arg)
{
	struct rw_hit *hit = arg;

	if (!mmget_not_zero(vma->vm_mm)) /* ok: mmget-on-unpinned-mm the pin may fail */
		return true;
	hit->mm = vma->vm_mm;
	hit->addr = addr;
	return false;
}

void rw_find(struct folio *folio, struct rw_hit *hit)
{
	struct rmap_walk_control rwc = { .arg = hit };

	rwc.rmap_one = rw_collect;
	rmap_walk(folio, &rwc);
}

void rw_find_tried(struct folio *folio, struct rw_hit *hit)
{
	struct rmap_walk_control rwc = {
		.rmap_one = rw_collect_tried,
		.arg = hit,
	};

	rmap_walk(folio, &rwc);
}
