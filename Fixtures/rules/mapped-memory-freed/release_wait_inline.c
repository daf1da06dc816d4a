#include <linux/mmlint_stub.h>
/*
 * hfi1's remove shape with the frees written in the remove itself: drop the initial count,
 * complete on the last drop, wait for the completion only the files' release (and that drop)
 * completes, then free. A free every path reaches only through an uninterruptible
 * wait_for_completion() runs after the last file, so after the last mapping (a vma pins its
 * file): quiet. A free before the wait, or after a wait that returns early —
 * wait_for_completion_timeout() whose 0 is ignored, wait_for_completion_interruptible() on a
 * signal (kernel/sched/completion.c) — runs with files still open: reported.
 */

struct pci_dev;

struct ri_dev {
	struct device *dev;
	void *ring;
	dma_addr_t ring_dma;
	size_t ring_size;
	void *stats;
	atomic_t users;
	struct completion users_gone;
};

struct ri_pci_driver {
	const char *name;
	void (*remove)(struct pci_dev *pdev);
};

struct ri_dev *pdev_to_ri(struct pci_dev *pdev);
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
int wait_for_completion_interruptible(struct completion *x);
#define RI_TIMEOUT 500

static int ri_open(struct inode *inode, struct file *fp)
{
	struct ri_dev *d = fp->private_data;

	if (!atomic_inc_not_zero(&d->users))
		return -ENODEV;
	return 0;
}

static int ri_release(struct inode *inode, struct file *fp)
{
	struct ri_dev *d = fp->private_data;

	if (atomic_dec_and_test(&d->users))
		complete(&d->users_gone);
	return 0;
}

static int ri_mmap(struct file *fp, struct vm_area_struct *vma)
{
	struct ri_dev *d = fp->private_data;

	if (vma->vm_pgoff)
		return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->stats) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
	return dma_mmap_coherent(d->dev, vma, d->ring, d->ring_dma, d->ring_size);
}

static const struct file_operations ri_fops = {
	.open = ri_open,
	.mmap = ri_mmap,
	.release = ri_release,
};

static void ri_remove(struct pci_dev *pdev)
{
	struct ri_dev *d = pdev_to_ri(pdev);

	if (atomic_dec_and_test(&d->users))
		complete(&d->users_gone);
	wait_for_completion(&d->users_gone);
	dma_free_coherent(d->dev, d->ring_size, d->ring, d->ring_dma); /* ok: mapped-memory-freed after every file is gone */
	kfree(d->stats); /* ok: mapped-memory-freed after every file is gone */
}

static void ri_remove_early(struct pci_dev *pdev)
{
	struct ri_dev *d = pdev_to_ri(pdev);

	kfree(d->stats); /* expect: mapped-memory-freed freed before the wait */
	if (atomic_dec_and_test(&d->users))
		complete(&d->users_gone);
	wait_for_completion(&d->users_gone);
	dma_free_coherent(d->dev, d->ring_size, d->ring, d->ring_dma); /* ok: mapped-memory-freed after every file is gone */
}

static void ri_remove_timeout(struct pci_dev *pdev)
{
	struct ri_dev *d = pdev_to_ri(pdev);

	if (atomic_dec_and_test(&d->users))
		complete(&d->users_gone);
	wait_for_completion_timeout(&d->users_gone, RI_TIMEOUT);
	kfree(d->stats); /* expect: mapped-memory-freed the wait may time out */
}

static void ri_remove_interruptible(struct pci_dev *pdev)
{
	struct ri_dev *d = pdev_to_ri(pdev);

	if (atomic_dec_and_test(&d->users))
		complete(&d->users_gone);
	if (wait_for_completion_interruptible(&d->users_gone))
		pr_warn("ri: interrupted\n");
	dma_free_coherent(d->dev, d->ring_size, d->ring, d->ring_dma); /* expect: mapped-memory-freed a signal ends the wait */
}

static struct ri_pci_driver ri_driver = { .name = "ri", .remove = ri_remove };
static struct ri_pci_driver ri_driver_early = { .name = "ri-early", .remove = ri_remove_early };
static struct ri_pci_driver ri_driver_timeout = { .name = "ri-timeout", .remove = ri_remove_timeout };
static struct ri_pci_driver ri_driver_intr = { .name = "ri-intr", .remove = ri_remove_interruptible };
