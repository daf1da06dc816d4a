#include <linux/mmlint_stub.h>
/*
 * The same hand-off without the pin: the interrupt handler copies the element
 * (member to member, `f->pe = l->cur;`) with no mmget_not_zero(), so the copy
 * holds only what the attach's mmgrab() holds: the bottom half's fault is an
 * address-space operation on an mmgrab-only mm.
 */

struct su_pe {
	struct mm_struct *mm;
};

struct su_fault {
	struct su_pe pe;
	unsigned long addr;
	struct work_struct work;
};

struct su_link {
	struct su_fault fault;
	struct su_pe cur;
};

void su_attach(struct su_link *l, struct mm_struct *mm)
{
	mmgrab(mm);
	l->cur.mm = mm;
}

static void su_fault_bh(struct work_struct *w)
{
	struct su_fault *f = container_of(w, struct su_fault, work);
	struct page *page;

	get_user_pages_remote(f->pe.mm, f->addr, 1, FOLL_WRITE, &page, NULL); /* expect: mmgrab-only-access */
}

void su_init(struct su_link *l)
{
	INIT_WORK(&l->fault.work, su_fault_bh);
}

void su_irq(struct su_link *l, unsigned long addr)
{
	l->fault.pe = l->cur;
	l->fault.addr = addr;
	schedule_work(&l->fault.work);
}
