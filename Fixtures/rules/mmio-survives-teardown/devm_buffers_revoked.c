#include <linux/mmlint_stub.h>
/*
 * devm_buffers.c with a revoke: remove() zaps the file's mappings before devres frees the
 * device-managed buffer, so no PTE is left to reach it.
 */

struct platform_driver {
	void (*remove)(struct platform_device *pdev);
};

struct dr_fb {
	struct device *dev;
	void *fb_mem;
	dma_addr_t fb_phys;
	size_t fb_len;
	struct address_space *mapping;
};

static int dr_probe(struct platform_device *pdev, struct dr_fb *fb)
{
	fb->fb_mem = dmam_alloc_coherent(fb->dev, fb->fb_len, &fb->fb_phys, GFP_KERNEL);
	return fb->fb_mem ? 0 : -ENOMEM;
}

static int dr_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct dr_fb *fb = f->private_data;

	return dma_mmap_coherent(fb->dev, vma, fb->fb_mem, fb->fb_phys, fb->fb_len); /* ok: mmio-survives-teardown */
}

static const struct file_operations dr_fops = { .mmap = dr_mmap };

static void dr_remove(struct platform_device *pdev)
{
	struct dr_fb *fb = platform_get_drvdata(pdev);

	unmap_mapping_range(fb->mapping, 0, 0, 1);
}

static struct platform_driver dr_driver = { .remove = dr_remove };
