#include <linux/mmlint_stub.h>
/*
 * remove() revokes the file's mappings, then hands the free to a work item (the free sleeps,
 * or must wait for something the work waits for): the work runs after the zap, so the free
 * comes after every mapping is gone. Reported still: the work queued before the zap, and the
 * work queued on a path that skips the zap.
 */
void dma_free_wc(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_addr);

struct dz_dev {
	struct device *dev;
	void *va;
	dma_addr_t dma;
	size_t size;
	struct inode *inode;
	struct work_struct free_work;
	bool force;
};

static int dz_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct dz_dev *d = f->private_data;

	return dma_mmap_coherent(d->dev, vma, d->va, d->dma, d->size);
}

static const struct file_operations dz_fops = { .mmap = dz_mmap };

static void dz_free_work(struct work_struct *w)
{
	struct dz_dev *d = container_of(w, struct dz_dev, free_work);

	dma_free_wc(d->dev, d->size, d->va, d->dma); /* ok: mapped-memory-freed */
	kfree(d);
}

void dz_remove(struct platform_device *pdev)
{
	struct dz_dev *d = platform_get_drvdata(pdev);

	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	INIT_WORK(&d->free_work, dz_free_work);
	schedule_work(&d->free_work);
}

/* The work is set up before the revoke: it may run first. */
struct de_dev {
	struct device *dev;
	void *va;
	dma_addr_t dma;
	size_t size;
	struct inode *inode;
	struct work_struct free_work;
};

static int de_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct de_dev *d = f->private_data;

	return dma_mmap_coherent(d->dev, vma, d->va, d->dma, d->size);
}

static const struct file_operations de_fops = { .mmap = de_mmap };

static void de_free_work(struct work_struct *w)
{
	struct de_dev *d = container_of(w, struct de_dev, free_work);

	dma_free_wc(d->dev, d->size, d->va, d->dma); /* expect: mapped-memory-freed */
}

void de_remove(struct platform_device *pdev)
{
	struct de_dev *d = platform_get_drvdata(pdev);

	INIT_WORK(&d->free_work, de_free_work);
	schedule_work(&d->free_work);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

/* The revoke on one path only. */
struct ds_dev {
	struct device *dev;
	void *va;
	dma_addr_t dma;
	size_t size;
	struct inode *inode;
	struct work_struct free_work;
	bool force;
};

static int ds_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct ds_dev *d = f->private_data;

	return dma_mmap_coherent(d->dev, vma, d->va, d->dma, d->size);
}

static const struct file_operations ds_fops = { .mmap = ds_mmap };

static void ds_free_work(struct work_struct *w)
{
	struct ds_dev *d = container_of(w, struct ds_dev, free_work);

	dma_free_wc(d->dev, d->size, d->va, d->dma); /* expect: mapped-memory-freed */
}

void ds_remove(struct platform_device *pdev)
{
	struct ds_dev *d = platform_get_drvdata(pdev);

	if (d->force)
		unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	INIT_WORK(&d->free_work, ds_free_work);
	schedule_work(&d->free_work);
}
