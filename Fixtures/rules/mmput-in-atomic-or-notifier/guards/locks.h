/* The kernel's lock guard classes (include/linux/spinlock.h, include/linux/mutex.h, 6.12),
 * as the tree under analysis defines them. */
#include <linux/mmlint_stub.h>

DEFINE_LOCK_GUARD_1(spinlock, spinlock_t, spin_lock(_T->lock), spin_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(spinlock_irq, spinlock_t, spin_lock_irq(_T->lock), spin_unlock_irq(_T->lock))
DEFINE_GUARD(mutex, struct mutex *, mutex_lock(_T), mutex_unlock(_T))
DEFINE_LOCK_GUARD_0(rcu, rcu_read_lock(), rcu_read_unlock())
