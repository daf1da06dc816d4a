/* Preemption and irq-saving lock spellings as the kernel's headers write them (6.12:
 * include/linux/preempt.h, smp.h, percpu-defs.h, spinlock.h): macros over inline functions. */
#include <linux/mmlint_stub.h>

static inline void __preempt_count_add(int val) { }
static inline void __preempt_count_sub(int val) { }
#define barrier()		__asm__ __volatile__("" : : : "memory")
#define preempt_count_inc()	__preempt_count_add(1)
#define preempt_count_dec()	__preempt_count_sub(1)
#define pi_preempt_disable()	do { preempt_count_inc(); barrier(); } while (0)
#define pi_preempt_enable()	do { barrier(); preempt_count_dec(); } while (0)
#define get_cpu()		({ pi_preempt_disable(); smp_processor_id(); })
#define put_cpu()		pi_preempt_enable()

DEFINE_LOCK_GUARD_1(spinlock_irqsave, spinlock_t,
		    spin_lock_irqsave(_T->lock, _T->flags),
		    spin_unlock_irqrestore(_T->lock, _T->flags),
		    unsigned long flags)
