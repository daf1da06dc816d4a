/* The kernel's spinlock guard class (include/linux/spinlock.h, 6.12). */
#include <linux/mmlint_stub.h>

DEFINE_LOCK_GUARD_1(spinlock, spinlock_t, spin_lock(_T->lock), spin_unlock(_T->lock))
