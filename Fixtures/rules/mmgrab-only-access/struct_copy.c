#include <linux/mmlint_stub.h>
/*
 * A member read through a struct that is copied whole. ocxl's shape
 * (drivers/misc/ocxl/link.c, 6.12): attach keeps the process element's mm with
 * mmgrab(); the interrupt handler looks the element up, takes mm_users with
 * mmget_not_zero() and copies the whole element into the fault record
 * (`spa->xsl_fault.pe_data = *pe_data;`); the bottom half faults the address in
 * through a helper and mmput()s. The copy holds mm_users, not the mmgrab-only
 * reference of the attach, and the bottom half puts it after the use on every
 * path: it runs on the reference the handler handed it. Not reported (a note,
 * "stored both ways", before the put after the use was read as that hand-off).
 */

struct sc_pe {
	struct mm_struct *mm;
	void *priv;
};

struct sc_fault {
	struct sc_pe pe;
	unsigned long addr;
	struct work_struct work;
};

struct sc_link {
	struct sc_fault fault;
	struct sc_pe *table[16];
};

int sc_attach(struct sc_link *l, int i, struct mm_struct *mm)
{
	struct sc_pe *pe = kzalloc(sizeof(*pe), GFP_KERNEL);

	if (!pe)
		return -ENOMEM;
	mmgrab(mm);
	pe->mm = mm;
	l->table[i] = pe;
	return 0;
}

static int sc_handle_fault(struct mm_struct *mm, unsigned long addr)
{
	struct page *page;

	return get_user_pages_remote(mm, addr, 1, FOLL_WRITE, &page, NULL);
}

static void sc_fault_bh(struct work_struct *w)
{
	struct sc_fault *f = container_of(w, struct sc_fault, work);

	sc_handle_fault(f->pe.mm, f->addr); /* ok: mmgrab-only-access */
	mmput(f->pe.mm);
}

void sc_init(struct sc_link *l)
{
	INIT_WORK(&l->fault.work, sc_fault_bh);
}

void sc_irq(struct sc_link *l, int i, unsigned long addr)
{
	struct sc_pe *pe = l->table[i];

	if (!pe || !pe->mm)
		return;
	if (mmget_not_zero(pe->mm)) {
		l->fault.pe = *pe;
		l->fault.addr = addr;
		schedule_work(&l->fault.work);
	}
}
