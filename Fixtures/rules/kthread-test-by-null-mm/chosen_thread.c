#include <linux/mmlint_stub.h>
/*
 * A thread function chosen by a ternary at kthread_create_on_node(): it only ever runs as a
 * kernel thread, so its `!current->mm` asks whether it has borrowed yet (known_kthread.c).
 */

struct ct_ctx {
	struct mm_struct *mm;	/* mmgrab() at setup */
	bool v2;
};

static int ct_thread_v1(void *data)
{
	struct ct_ctx *c = data;

	if (!current->mm) { /* ok: kthread-test-by-null-mm */
		if (!mmget_not_zero(c->mm))
			return -EFAULT;
		kthread_use_mm(c->mm);
	}
	return 0;
}

static int ct_thread_v2(void *data)
{
	return 0;
}

int ct_start(struct ct_ctx *c)
{
	struct task_struct *t = kthread_create_on_node(c->v2 ? ct_thread_v2 : ct_thread_v1, c, -1, "ct");

	return IS_ERR(t) ? PTR_ERR(t) : 0;
}
