#include <linux/mmlint_stub.h>
/*
 * mmput-in-atomic-or-notifier: mmput() may sleep (the last put runs exit_mmap), so not inside a
 * spin_lock_irqsave() section, an RCU read-side section or with preemption disabled; after the
 * section, with the member cleared under the lock, it is fine.
 */

void preempt_disable(void);
void preempt_enable(void);

struct ap_dev {
	spinlock_t lock;
	struct mm_struct *mm;
	struct timer_list timer;
};

/* spin_lock_irqsave section. */
void ap_irqsave(struct ap_dev *d)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
	spin_unlock_irqrestore(&d->lock, flags);
}

/* RCU read-side section. */
void ap_rcu(struct ap_dev *d)
{
	rcu_read_lock();
	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
	rcu_read_unlock();
}

/* Preemption disabled. */
void ap_preempt(struct ap_dev *d)
{
	preempt_disable();
	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
	preempt_enable();
}

/* After the section: fine. */
void ap_after(struct ap_dev *d)
{
	struct mm_struct *mm;

	spin_lock(&d->lock);
	mm = d->mm;
	d->mm = NULL;
	spin_unlock(&d->lock);
	mmput(mm); /* ok: mmput-in-atomic-or-notifier */
}
