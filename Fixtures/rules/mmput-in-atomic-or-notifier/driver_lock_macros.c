#include <linux/mmlint_stub.h>
/*
 * A driver's own macros over the kernel's lock macros (`#define foo_lock(d, f)
 * spin_lock_irqsave(&(d)->lock, f)`), and local_lock_irqsave() over local_irq_save(): the
 * outermost macro at the call is the driver's, so the lock is read from the function the
 * kernel's macro expands to (vocabulary locks: implementations: _raw_spin_lock_irqsave,
 * _raw_read_lock, arch_local_irq_save, …). mmput() can sleep (the last put runs exit_mmap()),
 * so it must not run inside these sections; mmput_async() or a put after the unlock is fine.
 */

typedef struct { int cnt; } rwlock_t;
void _raw_read_lock(rwlock_t *lock);
void _raw_read_unlock(rwlock_t *lock);
#define read_lock(lock)		_raw_read_lock(lock)
#define read_unlock(lock)	_raw_read_unlock(lock)
unsigned long arch_local_irq_save(void);
void arch_local_irq_restore(unsigned long flags);
#define local_irq_save(flags)		do { flags = arch_local_irq_save(); } while (0)
#define local_irq_restore(flags)	do { arch_local_irq_restore(flags); } while (0)
#define local_lock_irqsave(l, flags)	do { local_irq_save(flags); (void)(l); } while (0)
#define local_unlock_irqrestore(l, flags)	do { (void)(l); local_irq_restore(flags); } while (0)

struct dl_dev {
	struct mm_struct *mm;
	spinlock_t lock;
	rwlock_t rw;
	int llock;
};

#define dl_lock(d, f)		spin_lock_irqsave(&(d)->lock, f)
#define dl_unlock(d, f)		spin_unlock_irqrestore(&(d)->lock, f)
#define dl_read_lock(d)		read_lock(&(d)->rw)
#define dl_read_unlock(d)	read_unlock(&(d)->rw)

void dl_put_irqsave(struct dl_dev *d)
{
	unsigned long flags;

	dl_lock(d, flags);
	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier driver macro over the irqsave lock */
	dl_unlock(d, flags);
}

void dl_put_read(struct dl_dev *d)
{
	dl_read_lock(d);
	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier driver macro over the read lock */
	dl_read_unlock(d);
}

void dl_put_local_lock(struct dl_dev *d)
{
	unsigned long flags;

	local_lock_irqsave(&d->llock, flags);
	mmput(d->mm); /* expect: mmput-in-atomic-or-notifier irqs off under the local lock */
	local_unlock_irqrestore(&d->llock, flags);
}

void dl_put_after_unlock(struct dl_dev *d)
{
	unsigned long flags;

	dl_lock(d, flags);
	d->llock = 0;
	dl_unlock(d, flags);
	mmput(d->mm); /* ok: mmput-in-atomic-or-notifier after the unlock */
}

void dl_put_after_read_unlock(struct dl_dev *d)
{
	dl_read_lock(d);
	d->llock = 1;
	dl_read_unlock(d);
	mmput(d->mm); /* ok: mmput-in-atomic-or-notifier after the read unlock */
}

void dl_put_async(struct dl_dev *d)
{
	unsigned long flags;

	dl_lock(d, flags);
	mmput_async(d->mm); /* ok: mmput-in-atomic-or-notifier the async put */
	dl_unlock(d, flags);
}
