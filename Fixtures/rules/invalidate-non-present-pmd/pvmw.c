#include <linux/mmlint_stub.h>
/*
 * invalidate-non-present-pmd: the page_vma_mapped_walk() contract.
 *
 * Without PVMW_MIGRATION the walk only stops at present entries, so in the
 * `!pvmw.pte` branch pvmw.pmd is a present huge pmd held under pvmw.ptl. The
 * fact travels with the pvmw into a static helper that invalidates
 * pvmw->pmd. With PVMW_MIGRATION the walk stops at migration entries, which
 * are not present: invalidating there is an error.
 */

/* Inline use in an rmap_one callback (flags: PVMW_SYNC). */
static bool thp_mkold_one(struct folio *folio, struct vm_area_struct *vma,
			  unsigned long address, void *arg)
{
	struct page_vma_mapped_walk pvmw = {
		.folio		= folio,
		.vma		= vma,
		.address	= address,
		.flags		= PVMW_SYNC,
	};
	pmd_t old;

	while (page_vma_mapped_walk(&pvmw)) {
		if (!pvmw.pte) {
			old = pmdp_invalidate(vma, pvmw.address, pvmw.pmd); /* ok: invalidate-non-present-pmd */
			set_pmd_at(vma->vm_mm, pvmw.address, pvmw.pmd, pmd_mkold(old));
			continue;
		}
		/* pte-mapped part: not this fixture's business */
	}
	return true;
}

void thp_mkold_folio(struct folio *folio)
{
	struct rmap_walk_control rwc = {
		.rmap_one	= thp_mkold_one,
	};

	rmap_walk(folio, &rwc);
}

/* set_pmd_migration_entry() style helper: the walk's fact travels in pvmw. */
static int thp_set_pmd_entry(struct page_vma_mapped_walk *pvmw,
			     struct folio *folio)
{
	struct vm_area_struct *vma = pvmw->vma;
	struct mm_struct *mm = vma->vm_mm;
	unsigned long address = pvmw->address;
	swp_entry_t entry;
	pmd_t pmdval;

	pmdval = pmdp_invalidate(vma, address, pvmw->pmd); /* ok: invalidate-non-present-pmd */
	if (pmd_write(pmdval))
		entry = make_writable_migration_entry(folio_pfn(folio));
	else
		entry = make_readable_migration_entry(folio_pfn(folio));
	set_pmd_at(mm, address, pvmw->pmd, swp_entry_to_pmd(entry));
	return 0;
}

/* No flags at all: present entries only. */
static bool thp_migrate_one(struct folio *folio, struct vm_area_struct *vma,
			    unsigned long address, void *arg)
{
	struct page_vma_mapped_walk pvmw = {
		.folio		= folio,
		.vma		= vma,
		.address	= address,
	};

	while (page_vma_mapped_walk(&pvmw)) {
		if (!pvmw.pte) {
			thp_set_pmd_entry(&pvmw, folio); /* ok: invalidate-non-present-pmd */
			continue;
		}
	}
	return true;
}

void thp_migrate_folio(struct folio *folio)
{
	struct rmap_walk_control rwc = {
		.rmap_one	= thp_migrate_one,
	};

	rmap_walk(folio, &rwc);
}

/*
 * The restore path walks migration entries (PVMW_MIGRATION). What it finds
 * at pmd level is a migration entry: it must be replaced, not invalidated.
 */
static bool thp_restore_one(struct folio *folio, struct vm_area_struct *vma,
			    unsigned long address, void *arg)
{
	struct page_vma_mapped_walk pvmw = {
		.folio		= folio,
		.vma		= vma,
		.address	= address,
		.flags		= PVMW_SYNC | PVMW_MIGRATION,
	};
	pmd_t old;

	while (page_vma_mapped_walk(&pvmw)) {
		if (!pvmw.pte) {
			old = pmdp_invalidate(vma, pvmw.address, pvmw.pmd); /* expect: invalidate-non-present-pmd */
			set_pmd_at(vma->vm_mm, pvmw.address, pvmw.pmd, old);
			continue;
		}
	}
	return true;
}

void thp_restore_folio(struct folio *folio)
{
	struct rmap_walk_control rwc = {
		.rmap_one	= thp_restore_one,
	};

	rmap_walk(folio, &rwc);
}
