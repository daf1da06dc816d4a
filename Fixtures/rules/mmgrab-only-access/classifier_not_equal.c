#include <linux/mmlint_stub.h>
/*
 * A pin helper that classifies its outcome (after iommufd's pfn_reader_user_pin(): the
 * running task's own mm needs no pin, another is pinned with mmget_not_zero()), the caller
 * ruling one class out: `if (st == CN_DEAD) return -EFAULT;`. What the other side learns is
 * what holds at every return of another class: the running task's mm (pinned while its
 * syscall runs) or a pinned one — the access is covered. A class returned without either
 * (CN2_KERNEL below, for an unset mm) leaves the access uncovered.
 */

struct cn_pages {
	struct mm_struct *source_mm;
	unsigned long uptr;
	struct page **upages;
};

enum cn_state { CN_LOCAL, CN_REMOTE, CN_DEAD };	/* DEAD not 0: its test is no truth test */
#define CN2_DEAD	3
#define CN2_KERNEL	1
#define CN2_PINNED	2

void cn_pages_init(struct cn_pages *p)
{
	p->source_mm = current->mm;
	mmgrab(p->source_mm);
}

void cn_pages_free(struct cn_pages *p)
{
	mmdrop(p->source_mm);
	kfree(p);
}

struct cn_pages *cn_lookup(unsigned long id);

static enum cn_state cn_pin(struct cn_pages *p)
{
	if (p->source_mm == current->mm)
		return CN_LOCAL;
	if (!mmget_not_zero(p->source_mm))
		return CN_DEAD;
	return CN_REMOTE;
}

static int cn2_pin(struct cn_pages *p, bool kernel)
{
	if (kernel)
		return CN2_KERNEL;
	if (!mmget_not_zero(p->source_mm))
		return CN2_DEAD;
	return CN2_PINNED;
}

long cn_pin_pages(unsigned long id, unsigned long npages)
{
	struct cn_pages *p = cn_lookup(id);
	enum cn_state st = cn_pin(p);
	int locked = 1;
	long rc;

	if (st == CN_DEAD)
		return -EFAULT;
	mmap_read_lock(p->source_mm);
	rc = pin_user_pages_remote(p->source_mm, p->uptr, npages, FOLL_WRITE, p->upages, &locked); /* ok: mmgrab-only-access */
	if (locked)
		mmap_read_unlock(p->source_mm);
	if (st == CN_REMOTE)
		mmput(p->source_mm);
	return rc;
}

long cn_pin_pages_direct(unsigned long id, unsigned long npages)
{
	struct cn_pages *p = cn_lookup(id);
	int locked = 1;
	long rc;

	if (cn_pin(p) == CN_DEAD)
		return -EFAULT;
	mmap_read_lock(p->source_mm);
	rc = pin_user_pages_remote(p->source_mm, p->uptr, npages, FOLL_WRITE, p->upages, &locked); /* ok: mmgrab-only-access */
	if (locked)
		mmap_read_unlock(p->source_mm);
	return rc;
}

long cn2_pin_pages(unsigned long id, unsigned long npages, bool kernel)
{
	struct cn_pages *p = cn_lookup(id);
	int code = cn2_pin(p, kernel);
	int locked = 1;
	long rc;

	if (code == CN2_DEAD)
		return -EFAULT;
	mmap_read_lock(p->source_mm);
	rc = pin_user_pages_remote(p->source_mm, p->uptr, npages, FOLL_WRITE, p->upages, &locked); /* expect: mmgrab-only-access */
	if (locked)
		mmap_read_unlock(p->source_mm);
	if (code == CN2_PINNED)
		mmput(p->source_mm);
	return rc;
}

/* iommufd's shape with the put made unconditional: the access is still covered (ok), but the
 * running task's own mm (CN_LOCAL) is put without a pin — a drop mm-ref-imbalance does not
 * see through the classifier yet. */
long cn_put_unless_dead(unsigned long id, unsigned long npages)
{
	struct cn_pages *p = cn_lookup(id);
	enum cn_state st = cn_pin(p);
	int locked = 1;
	long rc;

	if (st == CN_DEAD)
		return -EFAULT;
	mmap_read_lock(p->source_mm);
	rc = pin_user_pages_remote(p->source_mm, p->uptr, npages, FOLL_WRITE, p->upages, &locked); /* ok: mmgrab-only-access */
	if (locked)
		mmap_read_unlock(p->source_mm);
	mmput(p->source_mm); /* todo: mm-ref-imbalance the reference walk reads no classifier constants */
	return rc;
}
