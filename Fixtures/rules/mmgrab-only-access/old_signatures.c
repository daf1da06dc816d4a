/* kernel-version: 5.4 */
/*
 * mmgrab-only-access in a tree before 5.9, where the remote GUP calls took the task first and
 * the mm second (64019a2e467a "mm/gup: remove task_struct pointer for all gup code", v5.9):
 * the mm argument is judged, not the task. Self-contained: the shared stub declares the
 * current signatures, so this file declares 5.4's (include/linux/mm.h).
 */
#include <stdbool.h>
#define NULL ((void *)0)
#define ESRCH 3
#define FOLL_WRITE 0x01
#define FAULT_FLAG_WRITE 0x01

struct page;
struct vm_area_struct;
struct mm_struct { int mm_users; };
struct task_struct { struct mm_struct *mm; };
struct task_struct *get_current(void);
#define current get_current()
void mmgrab(struct mm_struct *mm);
bool mmget_not_zero(struct mm_struct *mm);
void mmput(struct mm_struct *mm);
void mmap_read_lock(struct mm_struct *mm);
void mmap_read_unlock(struct mm_struct *mm);
long get_user_pages_remote(struct task_struct *tsk, struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags, struct page **pages,
			   struct vm_area_struct **vmas, int *locked);
int fixup_user_fault(struct task_struct *tsk, struct mm_struct *mm, unsigned long address,
		     unsigned int fault_flags, bool *unlocked);

struct os_ctx {
	struct mm_struct *mm;
	struct task_struct *owner;
};

int os_bind(struct os_ctx *c)
{
	mmgrab(current->mm);
	c->mm = current->mm;
	c->owner = current;
	return 0;
}

long os_pin(struct os_ctx *c, unsigned long addr, struct page **pages)
{
	long n;

	mmap_read_lock(c->mm);
	n = get_user_pages_remote(c->owner, c->mm, addr, 1, FOLL_WRITE, pages, NULL, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(c->mm);
	return n;
}

int os_fault(struct os_ctx *c, unsigned long addr)
{
	int ret;

	mmap_read_lock(c->mm);
	ret = fixup_user_fault(c->owner, c->mm, addr, FAULT_FLAG_WRITE, NULL); /* expect: mmgrab-only-access */
	mmap_read_unlock(c->mm);
	return ret;
}

long os_pin_pinned(struct os_ctx *c, unsigned long addr, struct page **pages)
{
	long n;

	if (!mmget_not_zero(c->mm))
		return -ESRCH;
	mmap_read_lock(c->mm);
	n = get_user_pages_remote(c->owner, c->mm, addr, 1, FOLL_WRITE, pages, NULL, NULL); /* ok: mmgrab-only-access */
	mmap_read_unlock(c->mm);
	mmput(c->mm);
	return n;
}
