#include <linux/mmlint_stub.h>
/*
 * replay/gup-pin: the revoke zaps every user mapping, then returns both buffers
 * to the pool. The ring was mapped with refcounted PTEs: GUP-fast may have taken
 * a page reference before the zap and kept it (confirmed). The doorbell page was
 * mapped with a special PTE: GUP refuses it, and the zap removed the only way to
 * it (refuted, naming pte_special).
 */
#include "gp.h"

void gp_revoke(struct gp_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	gen_pool_free(d->pool, (unsigned long)d->ring, d->size); /* expect: page-reused-under-gup replay=confirmed */
	gen_pool_free(d->pool, (unsigned long)d->doorbell, PAGE_SIZE); /* expect: page-reused-under-gup replay=refuted */
}
