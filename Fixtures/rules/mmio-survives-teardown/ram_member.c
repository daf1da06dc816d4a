#include <linux/mmlint_stub.h>
/*
 * The address a ->mmap maps, read from a member that the driver's file fills: RAM when every
 * store gives it a kernel address's physical address (ps3fb: info->fix.smem_start =
 * __pa(fb_start), then vm_iomap_memory(vma, info->fix.smem_start, …); reported before, once
 * its ps3_system_bus_driver hook was a teardown), MMIO when a store gives it a BAR.
 */

struct platform_driver {
	void (*remove)(void *pdev);
};

struct rm_fix {
	unsigned long smem_start;
	unsigned long smem_len;
};

struct rm_info {
	struct rm_fix fix;
	void *screen;
};

struct rm_bar_info {
	struct rm_fix fix;
	phys_addr_t bar;
};

static int rm_probe(struct rm_info *info)
{
	info->screen = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!info->screen)
		return -ENOMEM;
	info->fix.smem_start = __pa(info->screen);
	info->fix.smem_len = PAGE_SIZE;
	return 0;
}

static int rm_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rm_info *info = f->private_data;

	return vm_iomap_memory(vma, info->fix.smem_start, info->fix.smem_len); /* ok: mmio-survives-teardown */
}

static const struct file_operations rm_fops = { .mmap = rm_mmap };

static void rm_remove(void *pdev)
{
}

static struct platform_driver rm_driver = { .remove = rm_remove };
