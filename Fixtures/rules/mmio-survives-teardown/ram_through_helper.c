#include <linux/mmlint_stub.h>
/*
 * An uncached mapping of kmalloc()ed RAM whose physical address a helper returns is not MMIO:
 * not reported (the helper's result is read). A helper that returns the BAR's address is
 * MMIO still: reported.
 */

struct platform_driver {
	void (*remove)(struct platform_device *pdev);
};

struct rh_dev {
	void *buf;
	size_t len;
	phys_addr_t bar;
};

static phys_addr_t rh_buf_phys(struct rh_dev *d)
{
	return virt_to_phys(d->buf);
}

static phys_addr_t rh_bar_phys(struct rh_dev *d)
{
	return d->bar;
}

static int rh_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rh_dev *d = f->private_data;
	phys_addr_t phys = rh_buf_phys(d);

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, phys >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* ok: mmio-survives-teardown */
}

static const struct file_operations rh_fops = { .mmap = rh_mmap };

static int rb_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rh_dev *d = f->private_data;

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, rh_bar_phys(d) >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* expect: mmio-survives-teardown */
}

static const struct file_operations rb_fops = { .mmap = rb_mmap };

static void rh_remove(struct platform_device *pdev)
{
	struct rh_dev *d = platform_get_drvdata(pdev);

	d->len = 0;
}

static struct platform_driver rh_driver = { .remove = rh_remove };
