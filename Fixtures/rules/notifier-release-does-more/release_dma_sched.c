#include <linux/mmlint_stub.h>
/*
 * ->release that frees a DMA buffer (dma_free_coherent(): a second run frees it twice) or drops
 * the mm with mmdrop_sched() (the deferred mmdrop: a drop all the same). Run-once guarded
 * twins are quiet.
 */

bool test_and_set_bit(long nr, volatile unsigned long *addr);

struct rd_ctx {
	struct mmu_notifier mn;
	struct device *dev;
	struct mm_struct *mm;
	unsigned long flags;
	void *ring;
	dma_addr_t ring_dma;
	size_t ring_size;
};

static void rd_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct rd_ctx *c = container_of(mn, struct rd_ctx, mn);

	dma_free_coherent(c->dev, c->ring_size, c->ring, c->ring_dma); /* expect: notifier-release-does-more */
	mmdrop_sched(c->mm); /* expect: notifier-release-does-more */
}

static const struct mmu_notifier_ops rd_ops = { .release = rd_release };

static void rd_once_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct rd_ctx *c = container_of(mn, struct rd_ctx, mn);

	if (test_and_set_bit(0, &c->flags))
		return;
	dma_free_coherent(c->dev, c->ring_size, c->ring, c->ring_dma); /* ok: notifier-release-does-more */
	mmdrop_sched(c->mm); /* ok: notifier-release-does-more */
}

static const struct mmu_notifier_ops rd_once_ops = { .release = rd_once_release };
