#include <linux/mmlint_stub.h>
/*
 * mm-ref-imbalance: a NULL test kept in a local and tested later is the test
 * itself. powerpc's WARN_ON (arch/powerpc/include/asm/bug.h) keeps its
 * condition in `__ret_warn_on = !!(x)` for a trap in inline asm and tests the
 * local once, in `unlikely(__ret_warn_on)`; arch/powerpc/lib/code-patching.c
 * text_area_cpu_up_mm does `mm = mm_alloc(); if (WARN_ON(!mm)) goto fail;`.
 * The path where the allocation failed holds nothing; a stored test of
 * something else, or one voided by a new value, proves nothing.
 */

struct st_ctx {
	struct mm_struct *mm;
	int busy;
};

#define st_warn_on_asm(x) ({					\
	int __ret_warn_on = !!(x);				\
	if (__builtin_constant_p(__ret_warn_on)) {		\
		if (__ret_warn_on)				\
			__warn();				\
	} else {						\
		asm volatile("" : : "r" (__ret_warn_on));	\
	}							\
	unlikely(__ret_warn_on);				\
})

int st_up_asm_warn(struct st_ctx *c)
{
	struct mm_struct *mm;

	mm = mm_alloc();
	if (st_warn_on_asm(!mm))
		goto fail_no_mm;
	c->mm = mm;
	return 0;
fail_no_mm:
	return -ENOMEM; /* ok: mm-ref-imbalance */
}

int st_up_bool(struct st_ctx *c)
{
	struct mm_struct *mm = mm_alloc();
	bool failed = !mm;

	if (failed)
		return -ENOMEM; /* ok: mm-ref-imbalance */
	c->mm = mm;
	return 0;
}

int st_up_compare(struct st_ctx *c)
{
	struct mm_struct *mm = mm_alloc();
	int missing = mm == NULL;

	if (unlikely(missing))
		return -ENOMEM; /* ok: mm-ref-imbalance */
	c->mm = mm;
	return 0;
}

/* The stored test is about another value: the mm is leaked when busy. */
int st_up_other(struct st_ctx *c)
{
	struct mm_struct *mm = mm_alloc();
	bool busy = c->busy != 0;

	if (!mm)
		return -ENOMEM;
	if (st_warn_on_asm(busy))
		return -EBUSY; /* expect: mm-ref-imbalance */
	c->mm = mm;
	return 0;
}

/* The local read by the stored test got a new value: the test is void. */
int st_up_stale(struct st_ctx *c, struct mm_struct *other)
{
	struct mm_struct *mm = other;
	bool failed = !mm;

	mm = mm_alloc();
	if (failed)
		return -ENOMEM; /* expect: mm-ref-imbalance */
	if (!mm)
		return -ENOMEM;
	c->mm = mm;
	return 0;
}
