#include <linux/mmlint_stub.h>
/*
 * One lock taken on both arms of a test under two spellings (`if (irq)
 * spin_lock_irqsave(&c->lock, flags); else spin_lock(&c->lock);`): it is held after the
 * join, so an mmput() there may sleep in atomic context. Dropped again on both arms (each
 * with its own unlock spelling), it is not held after. A lock taken on one arm only is not
 * held on every path (not reported).
 */

void spin_lock_bh(spinlock_t *l);
void spin_unlock_bh(spinlock_t *l);

struct lb_ctx {
	spinlock_t lock;
	struct mm_struct *mm;
	int users;
};

void lb_put_under_either(struct lb_ctx *c, bool irq)
{
	unsigned long flags = 0;

	if (irq)
		spin_lock_irqsave(&c->lock, flags);
	else
		spin_lock(&c->lock);
	c->users--;
	mmput(c->mm); /* expect: mmput-in-atomic-or-notifier held on both arms */
	if (irq)
		spin_unlock_irqrestore(&c->lock, flags);
	else
		spin_unlock(&c->lock);
}

void lb_put_after_either(struct lb_ctx *c, bool irq)
{
	unsigned long flags = 0;
	struct mm_struct *mm;

	if (irq)
		spin_lock_irqsave(&c->lock, flags);
	else
		spin_lock(&c->lock);
	mm = c->mm;
	c->mm = NULL;
	if (irq)
		spin_unlock_irqrestore(&c->lock, flags);
	else
		spin_unlock(&c->lock);
	mmput(mm); /* ok: mmput-in-atomic-or-notifier dropped on both arms */
}

void lb_bh_or_plain(struct lb_ctx *c, bool softirq)
{
	if (softirq)
		spin_lock_bh(&c->lock);
	else
		spin_lock(&c->lock);
	mmput(c->mm); /* expect: mmput-in-atomic-or-notifier */
	if (softirq)
		spin_unlock_bh(&c->lock);
	else
		spin_unlock(&c->lock);
}

void lb_one_arm(struct lb_ctx *c, bool locked)
{
	if (locked)
		spin_lock(&c->lock);
	mmput(c->mm); /* ok: mmput-in-atomic-or-notifier not held on every path */
	if (locked)
		spin_unlock(&c->lock);
}
