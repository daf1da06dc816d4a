#include <linux/mmlint_stub.h>
/*
 * A remove() that waits until every open file is gone before it frees what the files map
 * (hfi1's remove_one(): wait_for_clients() drops the initial user_refcount and waits on
 * user_comp, which only the file's release completes, on the last close; a vma pins its file,
 * so the release runs after the last unmap). Spellings: the wait in a helper, the wait in the
 * remove itself before a helper frees. Still reported: a completion the remove's own path
 * completes (not a release's), and a free before the wait.
 */

struct pci_dev;

struct rw_dev {
	struct device *dev;
	void *ring;
	dma_addr_t ring_dma;
	size_t ring_size;
	atomic_t users;
	struct completion users_gone;
	struct completion probe_done;
};

struct rw_pci_driver {
	const char *name;
	void (*remove)(struct pci_dev *pdev);
};

struct rw_dev *pdev_to_rw(struct pci_dev *pdev);

static int rw_open(struct inode *inode, struct file *fp)
{
	struct rw_dev *d = fp->private_data;

	if (!atomic_inc_not_zero(&d->users))
		return -ENODEV;
	return 0;
}

static int rw_release(struct inode *inode, struct file *fp)
{
	struct rw_dev *d = fp->private_data;

	if (atomic_dec_and_test(&d->users))
		complete(&d->users_gone);
	return 0;
}

static int rw_mmap(struct file *fp, struct vm_area_struct *vma)
{
	struct rw_dev *d = fp->private_data;

	return dma_mmap_coherent(d->dev, vma, d->ring, d->ring_dma, d->ring_size);
}

static const struct file_operations rw_fops = {
	.open = rw_open,
	.mmap = rw_mmap,
	.release = rw_release,
};

static void rw_wait_for_users(struct rw_dev *d)
{
	if (atomic_dec_and_test(&d->users))
		complete(&d->users_gone);
	wait_for_completion(&d->users_gone);
}

static void rw_free_ring(struct rw_dev *d)
{
	dma_free_coherent(d->dev, d->ring_size, d->ring, d->ring_dma); /* ok: mapped-memory-freed after every file is gone */
	d->ring = NULL;
}

static void rw_remove(struct pci_dev *pdev)
{
	struct rw_dev *d = pdev_to_rw(pdev);

	rw_wait_for_users(d);
	rw_free_ring(d);
}

static void rw_free_ring_inline(struct rw_dev *d)
{
	dma_free_coherent(d->dev, d->ring_size, d->ring, d->ring_dma); /* ok: mapped-memory-freed the remove waited itself */
}

static void rw_remove_inline(struct pci_dev *pdev)
{
	struct rw_dev *d = pdev_to_rw(pdev);

	if (atomic_dec_and_test(&d->users))
		complete(&d->users_gone);
	wait_for_completion(&d->users_gone);
	rw_free_ring_inline(d);
}

static void rw_free_ring_early(struct rw_dev *d)
{
	dma_free_coherent(d->dev, d->ring_size, d->ring, d->ring_dma); /* expect: mapped-memory-freed freed before the wait */
}

static void rw_remove_early(struct pci_dev *pdev)
{
	struct rw_dev *d = pdev_to_rw(pdev);

	rw_free_ring_early(d);
	wait_for_completion(&d->users_gone);
}

static void rw_free_ring_probe(struct rw_dev *d)
{
	dma_free_coherent(d->dev, d->ring_size, d->ring, d->ring_dma); /* expect: mapped-memory-freed the wait is for the probe not the files */
}

static void rw_remove_probe_wait(struct pci_dev *pdev)
{
	struct rw_dev *d = pdev_to_rw(pdev);

	wait_for_completion(&d->probe_done);
	rw_free_ring_probe(d);
}

void rw_probe_finished(struct rw_dev *d)
{
	complete(&d->probe_done);
}

static struct rw_pci_driver rw_driver = {
	.name = "rw",
	.remove = rw_remove,
};

static struct rw_pci_driver rw_driver_inline = {
	.name = "rw2",
	.remove = rw_remove_inline,
};

static struct rw_pci_driver rw_driver_early = {
	.name = "rw3",
	.remove = rw_remove_early,
};

static struct rw_pci_driver rw_driver_probe = {
	.name = "rw4",
	.remove = rw_remove_probe_wait,
};
