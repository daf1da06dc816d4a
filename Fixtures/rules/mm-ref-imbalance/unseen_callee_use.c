#include <linux/mmlint_stub.h>
/*
 * A temporary pin handed to a function whose body mmlint does not see, then dropped by the
 * function itself (sgx_reclaimer_age()'s walk of the enclave's mms: `if
 * (!mmget_not_zero(encl_mm->mm)) continue; … ret = !sgx_encl_test_and_clear_young(encl_mm->mm,
 * page); … mmput_async(encl_mm->mm);`). The call uses the pin; it does not take it over, since
 * the caller puts it after the call. A `break` between the call and the put leaks it. Spelled
 * with a loop cursor's member and with a local; quiet where every path puts, and where the
 * pin goes to the unseen function with no put after it (a hand-off).
 */

struct ucu_encl_mm {
	struct mm_struct *mm;
	struct list_head list;
};

struct ucu_encl {
	struct list_head mm_list;
	struct srcu_struct srcu;
};

bool ucu_test_and_clear_young(struct mm_struct *mm, unsigned long addr);
void ucu_queue_mm(struct mm_struct *mm);

bool ucu_age(struct ucu_encl *encl, unsigned long addr)
{
	struct ucu_encl_mm *encl_mm;
	bool ret = true;
	int idx;

	idx = srcu_read_lock(&encl->srcu);
	list_for_each_entry(encl_mm, &encl->mm_list, list) {
		if (!mmget_not_zero(encl_mm->mm))
			continue;
		mmap_read_lock(encl_mm->mm);
		ret = !ucu_test_and_clear_young(encl_mm->mm, addr);
		mmap_read_unlock(encl_mm->mm);
		mmput_async(encl_mm->mm); /* ok: mm-ref-imbalance */
		if (!ret)
			break;
	}
	srcu_read_unlock(&encl->srcu, idx);
	return ret;
}

bool ucu_age_leak(struct ucu_encl *encl, unsigned long addr)
{
	struct ucu_encl_mm *encl_mm;
	bool ret = true;
	int idx;

	idx = srcu_read_lock(&encl->srcu);
	list_for_each_entry(encl_mm, &encl->mm_list, list) {
		if (!mmget_not_zero(encl_mm->mm))
			continue;
		mmap_read_lock(encl_mm->mm);
		ret = !ucu_test_and_clear_young(encl_mm->mm, addr);
		mmap_read_unlock(encl_mm->mm);
		if (!ret)
			break;
		mmput_async(encl_mm->mm);
	}
	srcu_read_unlock(&encl->srcu, idx);
	return ret; /* expect: mm-ref-imbalance the break skips the put */
}

int ucu_one_leak(struct mm_struct *mm, unsigned long addr)
{
	int young;

	if (!mmget_not_zero(mm))
		return -ESRCH;
	young = ucu_test_and_clear_young(mm, addr);
	if (young < 0)
		return young; /* expect: mm-ref-imbalance */
	mmput(mm);
	return young;
}

int ucu_hand_off(struct mm_struct *mm)
{
	if (!mmget_not_zero(mm))
		return -ESRCH;
	ucu_queue_mm(mm);
	return 0; /* ok: mm-ref-imbalance the unseen callee keeps it */
}
