#include <linux/mmlint_stub.h>
/*
 * page_vma_mapped_walk() stops only at present pmds unless the walk asks for migration
 * entries (PVMW_MIGRATION). What the body spells decides it — a comment or a string that
 * names the flag does not: try_to_migrate_one()'s walk with flags 0 and a comment about the
 * flag still proves the pmd present; a walk that sets the flag does not.
 */

int pc_set_entry(struct page_vma_mapped_walk *pvmw);

bool pc_migrate_one(struct folio *folio, struct vm_area_struct *vma, unsigned long address)
{
	struct page_vma_mapped_walk pvmw = {
		.folio = folio,
		.vma = vma,
		.address = address,
		.flags = 0,
	};

	while (page_vma_mapped_walk(&pvmw)) {
		/* flags has no PVMW_MIGRATION: only present pmds reach here */
		if (!pvmw.pte) {
			pmdp_invalidate(vma, pvmw.address, pvmw.pmd); /* ok: invalidate-non-present-pmd */
			continue;
		}
	}
	pr_debug("%s: done without PVMW_MIGRATION\n", __func__); // nor PVMW_MIGRATION here
	return true;
}

bool pc_remove_migration(struct folio *folio, struct vm_area_struct *vma, unsigned long address)
{
	struct page_vma_mapped_walk pvmw = {
		.folio = folio,
		.vma = vma,
		.address = address,
		.flags = PVMW_SYNC | PVMW_MIGRATION,
	};

	while (page_vma_mapped_walk(&pvmw)) {
		if (!pvmw.pte) {
			pmdp_invalidate(vma, pvmw.address, pvmw.pmd); /* expect: invalidate-non-present-pmd */
			continue;
		}
	}
	return true;
}
