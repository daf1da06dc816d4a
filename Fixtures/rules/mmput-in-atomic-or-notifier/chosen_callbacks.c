#include <linux/mmlint_stub.h>
/*
 * A callback chosen at the registration: one of two functions by a ternary, or a local that
 * holds one function or another when it is passed. Each function that may be registered runs
 * in the context the registration gives it (an RCU callback, a timer).
 */

struct cc_ctx {
	struct mm_struct *mm;		/* get_task_mm() */
	struct rcu_head rcu;
	struct timer_list timer;
	bool fast;
};

static void cc_free_slow(struct rcu_head *head)
{
	struct cc_ctx *c = container_of(head, struct cc_ctx, rcu);

	mmput(c->mm); /* expect: mmput-in-atomic-or-notifier */
	kfree(c);
}

static void cc_free_fast(struct rcu_head *head)
{
	struct cc_ctx *c = container_of(head, struct cc_ctx, rcu);

	mmput_async(c->mm); /* ok: mmput-in-atomic-or-notifier */
	kfree(c);
}

/* 1. A ternary of two functions at the registration call. */
void cc_release(struct cc_ctx *c)
{
	call_rcu(&c->rcu, c->fast ? cc_free_fast : cc_free_slow);
}

static void cc_timeout_put(struct timer_list *t)
{
	struct cc_ctx *c = container_of(t, struct cc_ctx, timer);

	mmput(c->mm); /* expect: mmput-in-atomic-or-notifier */
}

static void cc_timeout_async(struct timer_list *t)
{
	struct cc_ctx *c = container_of(t, struct cc_ctx, timer);

	mmput_async(c->mm); /* ok: mmput-in-atomic-or-notifier */
}

/* 2. A local holding one function or another, passed to the registration. */
void cc_arm(struct cc_ctx *c, bool async)
{
	void (*fn)(struct timer_list *) = cc_timeout_async;

	if (!async)
		fn = cc_timeout_put;
	timer_setup(&c->timer, fn, 0);
}
