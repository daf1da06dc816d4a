#include <linux/mmlint_stub.h>
/*
 * mm-ref-imbalance: a reference installed as the task's mm is the task's.
 * kthread_use_mm() makes its argument current->mm until kthread_unuse_mm();
 * a reference still held when the function returns with the mm installed
 * is dropped by the task's exit (exit_mm -> mmput), as in 6.12's
 * lib/kunit/user_alloc.c kunit_attach_mm(). Once the mm is unused again,
 * the reference is the function's own, and returning with it is a leak.
 * Spellings: a direct local, an alias, the pre-5.8 use_mm(), an error path.
 */

int ka_attach_mm(void)
{
	struct mm_struct *mm;

	if (current->mm)
		return 0;
	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	/* Attach the mm. It will be cleaned up when the process dies. */
	kthread_use_mm(mm);
	return 0;	/* ok: mm-ref-imbalance */
}

int ka_attach_alias(void)
{
	struct mm_struct *mm, *mine;

	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	mine = mm;
	use_mm(mine);
	return 0;	/* ok: mm-ref-imbalance */
}

int ka_borrow_and_forget(void)
{
	struct mm_struct *mm;

	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	kthread_use_mm(mm);
	kthread_unuse_mm(mm);
	return 0;	/* expect: mm-ref-imbalance */
}

int ka_attach_or_fail(int fail)
{
	struct mm_struct *mm;

	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	if (fail)
		return -EINVAL;	/* expect: mm-ref-imbalance */
	kthread_use_mm(mm);
	return 0;	/* ok: mm-ref-imbalance */
}

int ka_borrow_and_put(void)
{
	struct mm_struct *mm;

	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	kthread_use_mm(mm);
	kthread_unuse_mm(mm);
	mmput(mm);
	return 0;	/* ok: mm-ref-imbalance */
}

/*
 * A reference kept in a per-cpu variable (arch/powerpc/lib/code-patching.c
 * text_area_cpu_up_mm: mm_alloc(), then this_cpu_write(ctx.mm, mm)) is
 * stored, not leaked; the macro may expand to inline asm (x86), so the
 * store is read from the invocation.
 */
struct ka_patch_ctx {
	struct mm_struct *mm;
	unsigned long addr;
};
static struct ka_patch_ctx ka_patch_ctx;	/* DEFINE_PER_CPU in the kernel */
#undef this_cpu_write
#define this_cpu_write(pcp, val)	__asm__ __volatile__("" : : "r" (&(pcp)), "r" (val))

int ka_patch_cpu_up(unsigned int cpu)
{
	struct mm_struct *mm;

	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	this_cpu_write(ka_patch_ctx.mm, mm);
	return 0;	/* ok: mm-ref-imbalance */
}
