#include <linux/mmlint_stub.h>
/*
 * vm_ops->close runs from exit_mmap() too, after mm_users reached zero (6.12 mm/mmap.c:1970
 * remove_vma() -> mm/vma.c:332 vma_close(); 6.1 mm/mmap.c:3315 -> :140): the closing vma's mm
 * holds mm_count only there. A plain mmget() of it brings a dead mm back (a second __mmput()
 * follows); mmget_not_zero() is the pin that fails once the mm is exiting. Spelled on the
 * member and through a local copy; an address-space access from ->close races the teardown
 * the same way. Not yet seen: the mmget() in a helper the close calls (todo). ->open runs for
 * a new vma of a live mm (fork, split): quiet there.
 */

struct vc_track {
	struct mm_struct *mm;
	struct work_struct work;
};

static void vc_work(struct work_struct *w)
{
	struct vc_track *t = container_of(w, struct vc_track, work);

	mmput(t->mm);
	kfree(t);
}

static void vc_defer(struct vc_track *t, struct mm_struct *mm)
{
	t->mm = mm;
	INIT_WORK(&t->work, vc_work);
	schedule_work(&t->work);
}

static void vc_close(struct vm_area_struct *vma)
{
	struct vc_track *t = vma->vm_private_data;

	mmget(vma->vm_mm); /* expect: mmget-on-unpinned-mm exit closes the vmas with no users */
	vc_defer(t, vma->vm_mm);
}

static void vc_close_local(struct vm_area_struct *vma)
{
	struct vc_track *t = vma->vm_private_data;
	struct mm_struct *mm = vma->vm_mm;

	mmget(mm); /* expect: mmget-on-unpinned-mm the local is the closing vma mm */
	vc_defer(t, mm);
}

static void vc_pin(struct vm_area_struct *vma)
{
	mmget(vma->vm_mm);
}

static void vc_close_helper(struct vm_area_struct *vma)
{
	struct vc_track *t = vma->vm_private_data;

	vc_pin(vma); /* todo: mmget-on-unpinned-mm the helper pins the closing vma mm */
	vc_defer(t, vma->vm_mm);
}

static void vc_close_tried(struct vm_area_struct *vma)
{
	struct vc_track *t = vma->vm_private_data;

	if (!mmget_not_zero(vma->vm_mm)) { /* ok: mmget-on-unpinned-mm the pin may fail */
		kfree(t);
		return;
	}
	vc_defer(t, vma->vm_mm);
}

static void vc_open(struct vm_area_struct *vma)
{
	struct vc_track *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return;
	mmget(vma->vm_mm); /* ok: mmget-on-unpinned-mm open runs on a live mm */
	vma->vm_private_data = t;
	vc_defer(t, vma->vm_mm);
}

static void vc_close_peek(struct vm_area_struct *vma)
{
	u64 v;

	access_remote_vm(vma->vm_mm, vma->vm_start, &v, sizeof(v), 0); /* expect: mmgrab-only-access the closing vma mm may be exiting */
}

static const struct vm_operations_struct vc_ops_peek = { .close = vc_close_peek };
static const struct vm_operations_struct vc_ops = { .open = vc_open, .close = vc_close };
static const struct vm_operations_struct vc_ops_local = { .open = vc_open, .close = vc_close_local };
static const struct vm_operations_struct vc_ops_helper = { .open = vc_open, .close = vc_close_helper };
static const struct vm_operations_struct vc_ops_tried = { .open = vc_open, .close = vc_close_tried };
