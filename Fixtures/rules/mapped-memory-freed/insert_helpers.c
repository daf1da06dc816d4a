#include <linux/mmlint_stub.h>
/*
 * Inserts through a helper: a function that hands its parameter on to remap_pfn_range()
 * (here the driver's own, one and two levels up; in a tree also the kernel's, such as
 * dma_mmap_pages() in kernel/dma/mapping.c or the io_remap_pfn_range() header inline) maps
 * whatever its callers pass. Missed before: only direct calls of the listed inserts were read.
 */

struct pw_dev {
	void *ring;
	void *tbl;
	size_t size;
};

/* the driver's own helper: maps whatever buffer it is given */
static int pw_map_buf(struct vm_area_struct *vma, void *buf, size_t size)
{
	unsigned long pfn = virt_to_phys(buf) >> PAGE_SHIFT;

	return remap_pfn_range(vma, vma->vm_start, pfn, size, vma->vm_page_prot);
}

/* and a second level above it */
static int pw_map_one(struct vm_area_struct *vma, void *buf)
{
	return pw_map_buf(vma, buf, PAGE_SIZE);
}

static int pw_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct pw_dev *d = f->private_data;

	if (vma->vm_pgoff)
		return pw_map_one(vma, d->tbl);
	return pw_map_buf(vma, d->ring, d->size);
}

void pw_remove(struct platform_device *pdev)
{
	struct pw_dev *d = platform_get_drvdata(pdev);

	kfree(d->ring); /* expect: mapped-memory-freed */
	kfree(d->tbl); /* expect: mapped-memory-freed */
}

/* a builder's error path: frees what it just stored */
int pw_setup(struct pw_dev *d, struct vm_area_struct *vma)
{
	d->ring = kzalloc(d->size, GFP_KERNEL);
	if (!d->ring)
		return -ENOMEM;
	if (pw_map_buf(vma, d->ring, d->size)) {
		kfree(d->ring); /* ok: mapped-memory-freed */
		return -EIO;
	}
	return 0;
}
