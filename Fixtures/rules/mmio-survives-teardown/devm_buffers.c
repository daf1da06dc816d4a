#include <linux/mmlint_stub.h>
/*
 * RAM the device's resources own, mapped into user space: devres frees it after remove()
 * returns (au1100fb's dmam_alloc_coherent() framebuffer through dma_mmap_coherent(); a
 * devm_kzalloc() page through remap_pfn_range(virt_to_phys())). With no revoke in remove
 * the PTEs reach freed memory; a remove that zaps the file's mappings is safe, and a buffer
 * the driver frees itself is mapped-memory-freed's to judge, not this rule's.
 */

struct platform_driver {
	void (*remove)(struct platform_device *pdev);
};

struct dv_fb {
	struct device *dev;
	void *fb_mem;
	dma_addr_t fb_phys;
	size_t fb_len;
	void *page;
	void *own;
	struct address_space *mapping;
};

static int dv_probe(struct platform_device *pdev, struct dv_fb *fb)
{
	fb->fb_mem = dmam_alloc_coherent(fb->dev, fb->fb_len, &fb->fb_phys, GFP_KERNEL);
	if (!fb->fb_mem)
		return -ENOMEM;
	fb->page = devm_kzalloc(fb->dev, PAGE_SIZE, GFP_KERNEL);
	if (!fb->page)
		return -ENOMEM;
	fb->own = kzalloc(PAGE_SIZE, GFP_KERNEL);
	return fb->own ? 0 : -ENOMEM;
}

static int dv_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct dv_fb *fb = f->private_data;

	return dma_mmap_coherent(fb->dev, vma, fb->fb_mem, fb->fb_phys, fb->fb_len); /* expect: mmio-survives-teardown */
}

static const struct file_operations dv_fops = { .mmap = dv_mmap };

static int dv_page_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct dv_fb *fb = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(fb->page) >> PAGE_SHIFT, /* expect: mmio-survives-teardown */
			       PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations dv_page_fops = { .mmap = dv_page_mmap };

/* The driver's own buffer, freed in the file's release: not device-managed. */
static int dv_own_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct dv_fb *fb = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(fb->own) >> PAGE_SHIFT, /* ok: mmio-survives-teardown */
			       PAGE_SIZE, vma->vm_page_prot);
}

static int dv_own_release(struct inode *inode, struct file *f)
{
	struct dv_fb *fb = f->private_data;

	kfree(fb->own);
	return 0;
}

static const struct file_operations dv_own_fops = { .mmap = dv_own_mmap, .release = dv_own_release };

static void dv_remove(struct platform_device *pdev)
{
	struct dv_fb *fb = platform_get_drvdata(pdev);

	fb->fb_len = 0;
}

static struct platform_driver dv_driver = { .remove = dv_remove };
