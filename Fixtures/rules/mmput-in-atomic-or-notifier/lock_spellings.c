#include <linux/mmlint_stub.h>
/*
 * mmput() inside the other spellings of an atomic section: a raw spinlock, a reader lock, a
 * _bh spinlock, a bottom-half-disabled section and an irq-disabling writer lock. The last two
 * were missed: local_bh_disable()/enable() and write_lock_irq()/write_unlock_irq() were not in
 * the vocabulary's lock table (nor the other _irq/_bh/_nested forms now listed beside them).
 */

typedef struct { int l; } raw_spinlock_t;
typedef struct { int l; } rwlock_t;
void raw_spin_lock(raw_spinlock_t *l);
void raw_spin_unlock(raw_spinlock_t *l);
void read_lock(rwlock_t *l);
void read_unlock(rwlock_t *l);
void write_lock_irq(rwlock_t *l);
void write_unlock_irq(rwlock_t *l);
void spin_lock_bh(spinlock_t *l);
void spin_unlock_bh(spinlock_t *l);
void local_bh_disable(void);
void local_bh_enable(void);

struct ma_ctx {
	raw_spinlock_t raw;
	rwlock_t rw;
	spinlock_t lock;
	struct mm_struct *mm;
};

void ma_a(struct ma_ctx *c)
{
	raw_spin_lock(&c->raw);
	mmput(c->mm); /* expect: mmput-in-atomic-or-notifier */
	raw_spin_unlock(&c->raw);
}

void ma_b(struct ma_ctx *c)
{
	read_lock(&c->rw);
	mmput(c->mm); /* expect: mmput-in-atomic-or-notifier */
	read_unlock(&c->rw);
}

void ma_c(struct ma_ctx *c)
{
	spin_lock_bh(&c->lock);
	mmput(c->mm); /* expect: mmput-in-atomic-or-notifier */
	spin_unlock_bh(&c->lock);
}

void ma_d(struct ma_ctx *c)
{
	local_bh_disable();
	mmput(c->mm); /* expect: mmput-in-atomic-or-notifier */
	local_bh_enable();
}

void ma_e(struct ma_ctx *c)
{
	write_lock_irq(&c->rw);
	mmput(c->mm); /* expect: mmput-in-atomic-or-notifier */
	write_unlock_irq(&c->rw);
}
