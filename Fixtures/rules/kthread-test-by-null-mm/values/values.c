#include <linux/mmlint_stub.h>
#include "kv.h"
/*
 * kthread-test-by-null-mm through values: the NULL test of current->mm held in a bool of any
 * name, a member, a helper's return (spelled as a test or as constants on decided paths, here
 * or in values_helpers.c), a macro. What the code does with the value is the evidence (it
 * borrows an mm on the NULL side), never the name of the variable.
 */

struct kv_dev {
	struct mm_struct *mm;
	int __user *uptr;
	bool in_worker;
};

int kv_write_local(struct kv_dev *d, int v)
{
	bool no_user_ctx = !current->mm; /* expect: kthread-test-by-null-mm */

	if (no_user_ctx)
		kthread_use_mm(d->mm);
	put_user(v, d->uptr);
	if (no_user_ctx)
		kthread_unuse_mm(d->mm);
	return 0;
}

static bool kv_is_worker(void)
{
	return current->mm == NULL;
}

int kv_write_helper(struct kv_dev *d, int v)
{
	if (kv_is_worker()) /* expect: kthread-test-by-null-mm */
		kthread_use_mm(d->mm);
	put_user(v, d->uptr);
	if (kv_is_worker())
		kthread_unuse_mm(d->mm);
	return 0;
}

int kv_write_other_file(struct kv_dev *d, int v)
{
	int ret;

	if (!kv_no_task_ctx()) /* expect: kthread-test-by-null-mm */
		return put_user(v, d->uptr);
	kthread_use_mm(d->mm);		/* the NULL side of the test above */
	ret = put_user(v, d->uptr);
	kthread_unuse_mm(d->mm);
	return ret;
}

int kv_write_constants(struct kv_dev *d, int v)
{
	bool user = kv_has_user_ctx(); /* expect: kthread-test-by-null-mm */
	int ret;

	if (!user)
		kthread_use_mm(d->mm);
	ret = put_user(v, d->uptr);
	if (!user)
		kthread_unuse_mm(d->mm);
	return ret;
}

#define KV_NO_MM()	(current->mm == NULL)

int kv_write_macro(struct kv_dev *d, int v)
{
	int ret;

	if (KV_NO_MM()) { /* expect: kthread-test-by-null-mm */
		kthread_use_mm(d->mm);
		ret = put_user(v, d->uptr);
		kthread_unuse_mm(d->mm);
		return ret;
	}
	return put_user(v, d->uptr);
}

int kv_write_member(struct kv_dev *d, int v)
{
	d->in_worker = (current->mm == NULL); /* expect: kthread-test-by-null-mm */
	if (d->in_worker)
		kthread_use_mm(d->mm);
	put_user(v, d->uptr);
	if (d->in_worker)
		kthread_unuse_mm(d->mm);
	return 0;
}

/* Fixed: the flag says what the task is, whatever the variable is called. */
int kv_write_fixed(struct kv_dev *d, int v)
{
	bool worker = current->flags & PF_KTHREAD; /* ok: kthread-test-by-null-mm */

	if (worker)
		kthread_use_mm(d->mm);
	put_user(v, d->uptr);
	if (worker)
		kthread_unuse_mm(d->mm);
	return 0;
}

/* A stored NULL test that guards a use of current->mm ("no mm, no user stack"): quiet. */
unsigned long kv_stack(void)
{
	bool has_mm = current->mm != NULL; /* ok: kthread-test-by-null-mm */

	if (!has_mm)
		return 0;
	return current->mm->start_stack;
}

/* A bool named like a kernel thread but holding something else: no finding from the name. */
int kv_named_only(struct kv_dev *d, int v)
{
	bool kthread = d->uptr == NULL; /* ok: kthread-test-by-null-mm */

	if (kthread)
		return -EINVAL;
	return put_user(v, d->uptr);
}

/*
 * An assertion of kthread_use_mm()'s own precondition (no mm installed yet), as xen's
 * kvm_xen_set_evtchn() spells it: the non-NULL side only fails. Not a choice between a user
 * task and a kernel thread, whatever the spelling.
 */
int kv_assert_unborrowed(struct kv_dev *d, int v)
{
	if (d->mm != current->mm) {
		if (WARN_ON_ONCE(current->mm)) /* ok: kthread-test-by-null-mm */
			return -EINVAL;
		kthread_use_mm(d->mm);
	}
	put_user(v, d->uptr);
	return 0;
}

int kv_assert_stored(struct kv_dev *d, int v)
{
	bool borrowed = current->mm != NULL; /* ok: kthread-test-by-null-mm */

	if (borrowed)
		return -EBUSY;
	kthread_use_mm(d->mm);
	put_user(v, d->uptr);
	kthread_unuse_mm(d->mm);
	return 0;
}

/* the borrow made by a helper on the NULL side */
static void kv_attach(struct kv_dev *d)
{
	kthread_use_mm(d->mm);
}

int kv_write_attach_helper(struct kv_dev *d, int v)
{
	bool detached = !current->mm; /* expect: kthread-test-by-null-mm */

	if (detached)
		kv_attach(d);
	put_user(v, d->uptr);
	if (detached)
		kthread_unuse_mm(d->mm);
	return 0;
}
