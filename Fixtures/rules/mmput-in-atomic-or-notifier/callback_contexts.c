#include <linux/mmlint_stub.h>
/*
 * mmput() in a function that runs in interrupt or softirq context, with no lock of its own in
 * sight: an irq handler (request_irq), a timer's callback (timer_setup), a tasklet's, an RCU
 * callback, and a helper such a callback calls. Fixed: mmput_async(), or the drop moved to a work
 * item; a threaded irq's thread function runs in a kernel thread and may sleep.
 */

struct cc_dev {
	struct mm_struct *mm;	/* mm_users taken at open */
	struct timer_list timer;
	struct tasklet_struct tasklet;
	struct rcu_head rcu;
	struct work_struct work;
	int irq;
};

static irqreturn_t cc_irq(int irq, void *data)
{
	struct cc_dev *d = data;

	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
	return IRQ_HANDLED;
}

static void cc_timeout(struct timer_list *t)
{
	struct cc_dev *d = container_of(t, struct cc_dev, timer);

	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
}

static void cc_drop(struct cc_dev *d)
{
	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
}

static void cc_tasklet(struct tasklet_struct *t)
{
	struct cc_dev *d = container_of(t, struct cc_dev, tasklet);

	cc_drop(d);
}

static void cc_rcu_free(struct rcu_head *h)
{
	struct cc_dev *d = container_of(h, struct cc_dev, rcu);

	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
	kfree(d);
}

/* fixed: the async drop in the handler, the sleeping one in a threaded handler or a work item */
static irqreturn_t cc_irq_async(int irq, void *data)
{
	struct cc_dev *d = data;

	mmput_async(d->mm); /* ok: mmput-in-atomic-or-notifier */
	return IRQ_HANDLED;
}

static irqreturn_t cc_irq_thread(int irq, void *data)
{
	struct cc_dev *d = data;

	mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
	return IRQ_HANDLED;
}

static void cc_work(struct work_struct *w)
{
	struct cc_dev *d = container_of(w, struct cc_dev, work);

	mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
}

int cc_open(struct cc_dev *d)
{
	int ret;

	d->mm = get_task_mm(current);
	if (!d->mm)
		return -ESRCH;
	timer_setup(&d->timer, cc_timeout, 0);
	tasklet_setup(&d->tasklet, cc_tasklet);
	INIT_WORK(&d->work, cc_work);
	ret = request_irq(d->irq, cc_irq, 0, "cc", d);
	if (ret)
		return ret;
	ret = request_irq(d->irq + 1, cc_irq_async, 0, "cc", d);
	if (ret)
		return ret;
	return request_threaded_irq(d->irq + 2, NULL, cc_irq_thread, 0, "cc", d);
}

void cc_release(struct cc_dev *d)
{
	call_rcu(&d->rcu, cc_rcu_free);
}
