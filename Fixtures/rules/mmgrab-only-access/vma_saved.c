#include <linux/mmlint_stub.h>
/*
 * A vma saved in a struct and operated on later, from a context that is not the owner's, while
 * the mm it belongs to is kept in the member stored beside it with no reference
 * (drivers/misc/sgi-gru: gru_alloc_gts() stores gts->ts_mm = current->mm and gts->ts_vma = vma;
 * gru_unload_context() zaps through gts->ts_vma). A saved vma holds no reference on its mm:
 * what its mm holds is what the member stored beside it from that mm holds. Missed before
 * (a vma of unknown mm was left to the core); the saved vma's mm is now that member.
 * Spellings: the mm from current->mm in a helper the mmap calls, from vma->vm_mm with
 * mmgrab() only, and the fixed forms (a pin of the member before the zap; a member stored
 * with mmget()). A saved vma with no mm member beside it stays the core's business.
 */

struct vs_ctx {
	struct mm_struct *mm;			/* stored with no reference */
	struct vm_area_struct *vma;
	struct work_struct work;
};

static void vs_save(struct vs_ctx *c, struct vm_area_struct *vma)
{
	c->mm = current->mm;
	c->vma = vma;
}

int vs_mmap(struct file *f, struct vm_area_struct *vma)
{
	vs_save(f->private_data, vma);
	return 0;
}

static void vs_unload_work(struct work_struct *w)
{
	struct vs_ctx *c = container_of(w, struct vs_ctx, work);

	mmap_read_lock(c->mm);
	zap_vma_ptes(c->vma, c->vma->vm_start, PAGE_SIZE); /* expect: mmgrab-only-access */
	mmap_read_unlock(c->mm);
}

/* the fixed form: the work pins the mm the vma belongs to first */
static void vs_unload_work_pinned(struct work_struct *w)
{
	struct vs_ctx *c = container_of(w, struct vs_ctx, work);

	if (!mmget_not_zero(c->mm))
		return;
	mmap_read_lock(c->mm);
	zap_vma_ptes(c->vma, c->vma->vm_start, PAGE_SIZE); /* ok: mmgrab-only-access */
	mmap_read_unlock(c->mm);
	mmput(c->mm);
}

void vs_queue(struct vs_ctx *c, bool pinned)
{
	INIT_WORK(&c->work, pinned ? vs_unload_work_pinned : vs_unload_work);
	schedule_work(&c->work);
}

/* the mm from the vma itself, with mm_count only */
struct vg_ctx {
	struct mm_struct *owner_mm;		/* mmgrab() only */
	struct vm_area_struct *saved;
	struct delayed_work dwork;
};

int vg_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct vg_ctx *g = f->private_data;

	g->owner_mm = vma->vm_mm;
	mmgrab(g->owner_mm);
	g->saved = vma;
	return 0;
}

static void vg_timeout(struct work_struct *w)
{
	struct vg_ctx *g = container_of(to_delayed_work(w), struct vg_ctx, dwork);

	zap_vma_ptes(g->saved, g->saved->vm_start, PAGE_SIZE); /* expect: mmgrab-only-access */
}

void vg_arm(struct vg_ctx *g)
{
	INIT_DELAYED_WORK(&g->dwork, vg_timeout);
	schedule_delayed_work(&g->dwork, 100);
}

/* stored with mm_users: quiet */
struct vu_ctx {
	struct mm_struct *mm;			/* mmget() */
	struct vm_area_struct *vma;
	struct work_struct work;
};

int vu_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct vu_ctx *u = f->private_data;

	mmget(vma->vm_mm);
	u->mm = vma->vm_mm;
	u->vma = vma;
	return 0;
}

static void vu_work(struct work_struct *w)
{
	struct vu_ctx *u = container_of(w, struct vu_ctx, work);

	zap_vma_ptes(u->vma, u->vma->vm_start, PAGE_SIZE); /* ok: mmgrab-only-access */
}

void vu_queue(struct vu_ctx *u)
{
	INIT_WORK(&u->work, vu_work);
	schedule_work(&u->work);
}

/* a saved vma with no mm beside it: not judged */
struct vn_ctx {
	struct vm_area_struct *vma;
	struct work_struct work;
};

int vn_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct vn_ctx *n = f->private_data;

	n->vma = vma;
	return 0;
}

static void vn_work(struct work_struct *w)
{
	struct vn_ctx *n = container_of(w, struct vn_ctx, work);

	zap_vma_ptes(n->vma, n->vma->vm_start, PAGE_SIZE); /* ok: mmgrab-only-access */
}

void vn_queue(struct vn_ctx *n)
{
	INIT_WORK(&n->work, vn_work);
	schedule_work(&n->work);
}

/*
 * In a syscall or a fault the object is most often the running task's own, found through its
 * vma (sgi-gru's gru_find_lock_gts() and gru_fault()): a saved vma's mm is judged there only
 * when the object is reached through a global, a table of every process's objects (sgi-gru's
 * gru_unload_all_contexts(): an admin ioctl that unloads, and zaps, every process's context).
 */
struct vs_ctx *vs_lookup(unsigned long addr);	/* the caller's own context, by its address */
static struct vs_ctx *vs_table[16];

static long vs_ioctl_own(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct vs_ctx *c = vs_lookup(arg);

	if (!c)
		return -EINVAL;
	zap_vma_ptes(c->vma, c->vma->vm_start, PAGE_SIZE); /* ok: mmgrab-only-access */
	return 0;
}

static long vs_ioctl_all(struct file *f, unsigned int cmd, unsigned long arg)
{
	int i;

	for (i = 0; i < 16; i++)
		if (vs_table[i])
			zap_vma_ptes(vs_table[i]->vma, vs_table[i]->vma->vm_start, PAGE_SIZE); /* expect: mmgrab-only-access */
	return 0;
}

static const struct file_operations vs_fops = {
	.mmap = vs_mmap,
	.unlocked_ioctl = vs_ioctl_own,
};

static const struct file_operations vs_admin_fops = {
	.unlocked_ioctl = vs_ioctl_all,
};
