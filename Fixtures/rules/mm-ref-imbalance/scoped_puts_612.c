#include <linux/mmlint_stub.h>
/*
 * no_free_ptr() as 6.7+ spells it (include/linux/cleanup.h: through __get_and_null(), a
 * pointer to the variable): the store keeps the reference, the scope's put sees NULL.
 */

#undef no_free_ptr
#define __get_and_null(p, nullvalue)		\
	({					\
		__auto_type __ptr = &(p);	\
		__auto_type __val = *__ptr;	\
		*__ptr = nullvalue;		\
		__val;				\
	})
static inline void *__must_check_fn(void *val) { return val; }
#define no_free_ptr(p) \
	((typeof(p)) __must_check_fn((void *)__get_and_null(p, NULL)))

DEFINE_FREE(mmput, struct mm_struct *, if (_T) mmput(_T))

struct sq_ctx {
	struct mm_struct *mm;
};

int sq_attach(struct sq_ctx *c, struct task_struct *t)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	c->mm = no_free_ptr(mm); /* ok: mm-ref-imbalance */
	return 0;
}

int sq_attach_bad(struct sq_ctx *c, struct task_struct *t)
{
	struct mm_struct *mm __free(mmput) = get_task_mm(t);

	if (!mm)
		return -ESRCH;
	c->mm = mm; /* expect: mm-ref-imbalance */
	return 0;
}
