#include <linux/mmlint_stub.h>
/*
 * A pin taken only on one side of a local's test, and the borrow made under a second test of
 * the same local (vfio_iommu_type1's dma_rw_chunk written lazily: `if (kthread &&
 * !mmget_not_zero(mm)) return; … if (kthread) kthread_use_mm(mm);`). The second test's side is
 * the side the first one pinned on: the borrow holds mm_users. The same with the test nested,
 * with a flag handed in as a parameter and with a pointer local. It is still a borrow without
 * mm_users where the pin is on the other side of the test, or where the local changed between
 * the two tests (a note there: the function pins the mm on another path).
 */

struct ct_dma {
	struct mm_struct *mm;		/* mmgrab() only */
	void __user *vaddr;
};

int ct_map(struct ct_dma *dma)
{
	mmgrab(current->mm);
	dma->mm = current->mm;
	return 0;
}

bool ct_still_kthread(void);

/* 1. a bool stored from a test, tested twice */
int ct_rw_lazy(struct ct_dma *dma, void *data, size_t count)
{
	bool kthread = !(current->flags & PF_KTHREAD) ? false : true;
	struct mm_struct *mm = dma->mm;
	int ret = 0;

	if (kthread && !mmget_not_zero(mm))
		return -EPERM;
	if (kthread)
		kthread_use_mm(mm); /* ok: use-mm-without-mmget the second test takes the pinned side */
	if (copy_from_user(data, dma->vaddr, count))
		ret = -EFAULT;
	if (kthread) {
		kthread_unuse_mm(mm);
		mmput(mm);
	}
	return ret;
}

/* 2. the flag handed in by the caller, the pin nested under it */
int ct_rw_param(struct ct_dma *dma, void *data, size_t count, int remote)
{
	int ret = 0;

	if (remote) {
		if (!mmget_not_zero(dma->mm))
			return -ESRCH;
	}
	if (remote)
		kthread_use_mm(dma->mm); /* ok: use-mm-without-mmget pinned under the same flag */
	if (copy_from_user(data, dma->vaddr, count))
		ret = -EFAULT;
	if (remote) {
		kthread_unuse_mm(dma->mm);
		mmput(dma->mm);
	}
	return ret;
}

/* 3. a pointer local: NULL means no borrow */
int ct_rw_pointer(struct ct_dma *dma, struct mm_struct *borrow, void *data, size_t count)
{
	int ret = 0;

	if (borrow && !mmget_not_zero(borrow))
		return -ESRCH;
	if (borrow)
		kthread_use_mm(borrow); /* ok: use-mm-without-mmget the pinned side of the same pointer */
	if (copy_from_user(data, dma->vaddr, count))
		ret = -EFAULT;
	if (borrow) {
		kthread_unuse_mm(borrow);
		mmput(borrow);
	}
	return ret;
}

/* 4. the pin on the other side of the test */
int ct_rw_inverted(struct ct_dma *dma, void *data, size_t count)
{
	bool kthread = !(current->flags & PF_KTHREAD) ? false : true;
	struct mm_struct *mm = dma->mm;

	if (!kthread && !mmget_not_zero(mm))
		return -EPERM;
	if (kthread)
		kthread_use_mm(mm); /* expect: use-mm-without-mmget the kthread side never pinned */
	if (copy_from_user(data, dma->vaddr, count))
		count = 0;
	if (kthread)
		kthread_unuse_mm(mm);
	else
		mmput(mm);
	return count ? 0 : -EFAULT;
}

/* 5. the local asked again between the two tests */
int ct_rw_asked_again(struct ct_dma *dma, void *data, size_t count)
{
	bool kthread = !(current->flags & PF_KTHREAD) ? false : true;
	struct mm_struct *mm = dma->mm;

	if (kthread && !mmget_not_zero(mm))
		return -EPERM;
	kthread = ct_still_kthread();
	if (kthread)
		kthread_use_mm(mm); /* note: use-mm-without-mmget a new value says nothing of the pin */
	if (copy_from_user(data, dma->vaddr, count))
		count = 0;
	if (kthread)
		kthread_unuse_mm(mm);
	return count ? 0 : -EFAULT;
}
