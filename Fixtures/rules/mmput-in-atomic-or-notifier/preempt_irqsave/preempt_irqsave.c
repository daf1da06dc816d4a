/*
 * mmput() with preemption or interrupts off, spelled through macros the way kernel code
 * writes them: get_cpu()/put_cpu() around it, guard(spinlock_irqsave) (its constructor takes
 * the lock with the spin_lock_irqsave() macro), and a driver's lock helper built on that
 * macro that returns the saved flags (a lock_task_sighand()-style helper). After put_cpu(),
 * after the guard's scope, and after the unlock helper, mmput() may sleep again.
 */
#include "preempt.h"

struct pi_dev {
	spinlock_t lock;
	struct mm_struct *mm;
	int cpu;
	int n;
};

void pi_flush(struct pi_dev *d)
{
	d->cpu = get_cpu();
	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
	put_cpu();
}

void pi_flush_after(struct pi_dev *d)
{
	d->cpu = get_cpu();
	d->n++;
	put_cpu();
	mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
}

void pi_release(struct pi_dev *d)
{
	guard(spinlock_irqsave)(&d->lock);
	d->n++;
	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
}

void pi_release_scoped(struct pi_dev *d)
{
	scoped_guard(spinlock_irqsave, &d->lock)
		d->n++;
	mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
}

static unsigned long pi_lock(struct pi_dev *d)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	return flags;
}

static void pi_unlock(struct pi_dev *d, unsigned long flags)
{
	spin_unlock_irqrestore(&d->lock, flags);
}

void pi_drop(struct pi_dev *d)
{
	unsigned long flags = pi_lock(d);

	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier */
	pi_unlock(d, flags);
}

void pi_drop_after(struct pi_dev *d)
{
	unsigned long flags = pi_lock(d);

	d->n++;
	pi_unlock(d, flags);
	mmput(d->mm); /* ok: mmput-in-atomic-or-notifier */
}
