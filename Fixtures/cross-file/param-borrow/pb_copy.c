#include <linux/mmlint_stub.h>
/*
 * cross-file/param-borrow: the callee. It borrows its mm parameter; whether
 * that is legal is decided at each caller (pb_main.c), so the borrow line
 * here stays quiet and findings land on the callers' call lines.
 */
#include "pb.h"

int pb_copy_to_mm(struct mm_struct *mm, void __user *dst, const void *src,
		  size_t len)
{
	unsigned long left;

	kthread_use_mm(mm); /* ok: use-mm-without-mmget */
	left = copy_to_user(dst, src, len);
	kthread_unuse_mm(mm);
	return left ? -EFAULT : 0;
}
