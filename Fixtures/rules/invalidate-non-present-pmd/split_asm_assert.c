#include <linux/mmlint_stub.h>
/*
 * invalidate-non-present-pmd on an architecture whose assertions trap in asm.
 *
 * powerpc's BUG_ON() does not branch: a non-constant condition is handed to
 * a conditional trap instruction (tdnei) in inline asm. The control flow then
 * shows no "condition false" side, so the VM_BUG_ON (huge or migration) that
 * the fixed __split_huge_pmd_locked() relies on must be read from the macro
 * invocation itself. The same two shapes as split.c: the 6.10-era bug
 * (invalidate first) is reported, the fix (test migration first) is not.
 */

#undef BUG_ON
#undef VM_BUG_ON
#define BUG_ON(x) do {							\
	if (__builtin_constant_p(x)) {					\
		if (x)							\
			BUG();						\
	} else {							\
		__asm__ __volatile__("1:	tdnei %0,0\n"			\
				     : : "r" ((long)(x)));		\
	}								\
} while (0)
#define VM_BUG_ON(c)	BUG_ON(c)

void ppc_split_pmd_locked_old(struct vm_area_struct *vma, pmd_t *pmd,
			      unsigned long haddr)
{
	pmd_t old_pmd;
	bool write;

	VM_BUG_ON(!is_pmd_migration_entry(*pmd) && !pmd_trans_huge(*pmd)
				&& !pmd_devmap(*pmd));

	old_pmd = pmdp_invalidate(vma, haddr, pmd); /* expect: invalidate-non-present-pmd */
	if (is_pmd_migration_entry(old_pmd))
		write = is_writable_migration_entry(pmd_to_swp_entry(old_pmd));
	else
		write = pmd_write(old_pmd);
	pr_debug("split %lx write=%d\n", haddr, write);
}

void ppc_split_pmd_locked(struct vm_area_struct *vma, pmd_t *pmd,
			  unsigned long haddr)
{
	pmd_t old_pmd;
	bool pmd_migration, write;

	VM_BUG_ON(haddr & ~HPAGE_PMD_MASK);
	VM_BUG_ON(!is_pmd_migration_entry(*pmd) && !pmd_trans_huge(*pmd)
				&& !pmd_devmap(*pmd));

	pmd_migration = is_pmd_migration_entry(*pmd);
	if (unlikely(pmd_migration)) {
		/* A migration entry is not present: nothing to invalidate. */
		write = is_writable_migration_entry(pmd_to_swp_entry(*pmd));
	} else {
		old_pmd = pmdp_invalidate(vma, haddr, pmd); /* ok: invalidate-non-present-pmd */
		write = pmd_write(old_pmd);
	}
	pr_debug("split %lx write=%d\n", haddr, write);
}
