#include <linux/mmlint_stub.h>
/*
 * kthread-test-by-null-mm: a NULL current->mm taken to mean "kernel thread".
 *   - amdgpu's read_user_wptr before 8449d150e66c: NULL mm → kthread_use_mm()
 *   - vfio_iommu_type1.c in 6.12: `bool kthread = current->mm == NULL;`
 *   - vfio_main.c in 6.12: `if (!current->mm) flags |= ..._KTHREAD;` (a note: only a name)
 * Quiet: the PF_KTHREAD test; NULL tests guarding a use of current->mm
 * ("no mm, no user stack"); kunit's "no mm yet: attach a fresh one".
 */

#define KA_ACCESS_KTHREAD	0x1

struct ka_ring {
	struct mm_struct *mm;
	u32 __user *wptr;
};

u32 ka_read_wptr(struct ka_ring *r)
{
	u32 val = 0;

	if (r->mm == current->mm) {
		get_user(val, r->wptr);
	} else if (current->mm == NULL) { /* expect: kthread-test-by-null-mm */
		kthread_use_mm(r->mm);
		get_user(val, r->wptr);
		kthread_unuse_mm(r->mm);
	}
	return val;
}

u32 ka_read_wptr_fixed(struct ka_ring *r)
{
	u32 val = 0;

	if (r->mm == current->mm) {
		get_user(val, r->wptr);
	} else if (current->flags & PF_KTHREAD) { /* ok: kthread-test-by-null-mm */
		kthread_use_mm(r->mm);
		get_user(val, r->wptr);
		kthread_unuse_mm(r->mm);
	}
	return val;
}

int ka_rw_chunk(struct ka_ring *r, struct mm_struct *mm)
{
	bool kthread = current->mm == NULL; /* expect: kthread-test-by-null-mm */

	if (kthread)
		kthread_use_mm(mm);
	else if (current->mm != mm)
		return -EPERM;
	if (kthread)
		kthread_unuse_mm(mm);
	return 0;
}

struct ka_worker { struct mm_struct *kthread_mm; };

void ka_worker_bind(struct ka_worker *w)
{
	w->kthread_mm = current->mm; /* ok: kthread-test-by-null-mm */
}

int ka_dma_rw(struct ka_ring *r)
{
	unsigned int flags = 0;

	/* Only the flag's name says what the test is for: a note (names are the last resort). */
	if (!current->mm) /* note: kthread-test-by-null-mm */
		flags |= KA_ACCESS_KTHREAD;
	return flags;
}

int ka_user_stack(void)
{
	if (!current->mm) /* ok: kthread-test-by-null-mm */
		return 0;
	return current->mm->start_stack != 0;
}

struct mm_struct *ka_attached;

int ka_attach_mm(void)
{
	struct mm_struct *mm;

	if (current->mm) /* ok: kthread-test-by-null-mm */
		return 0;
	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	kthread_use_mm(mm);
	ka_attached = mm;	/* put by the detach action */
	return 0;
}
