#include <linux/mmlint_stub.h>
/*
 * The test spelled with a branch hint around it (`if (unlikely(!current->mm))`: the condition
 * is inside the macro's expansion, with no text of its own — the message names the test by
 * its line), and the borrow made through the driver's own attach helper. The PF_KTHREAD twin
 * is quiet.
 */
struct kh_job {
	struct mm_struct *mm;
	void __user *src;
	void *dst;
	size_t len;
};

static void kh_attach(struct kh_job *j)
{
	kthread_use_mm(j->mm);
}

static void kh_detach(struct kh_job *j)
{
	kthread_unuse_mm(j->mm);
}

int kh_copy_in(struct kh_job *j)
{
	unsigned long left;

	if (unlikely(!current->mm)) { /* expect: kthread-test-by-null-mm */
		kh_attach(j);
		left = copy_from_user(j->dst, j->src, j->len);
		kh_detach(j);
	} else {
		left = copy_from_user(j->dst, j->src, j->len);
	}
	return left ? -EFAULT : 0;
}

int kh_copy_in_flag(struct kh_job *j)
{
	unsigned long left;

	if (unlikely(current->flags & PF_KTHREAD)) { /* ok: kthread-test-by-null-mm */
		kh_attach(j);
		left = copy_from_user(j->dst, j->src, j->len);
		kh_detach(j);
	} else {
		left = copy_from_user(j->dst, j->src, j->len);
	}
	return left ? -EFAULT : 0;
}
