#include <linux/mmlint_stub.h>
/*
 * ram_member.c's shape with a member one store fills from a BAR: device MMIO, reported.
 */

struct platform_driver {
	void (*remove)(void *pdev);
};

struct bm_fix {
	unsigned long smem_start;
	unsigned long smem_len;
};

struct bm_info {
	struct bm_fix fix;
	void *shadow;
	phys_addr_t bar;
};

static int bm_probe(struct bm_info *info, bool shadow)
{
	if (shadow)
		info->fix.smem_start = virt_to_phys(info->shadow);
	else
		info->fix.smem_start = info->bar;
	info->fix.smem_len = PAGE_SIZE;
	return 0;
}

static int bm_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct bm_info *info = f->private_data;

	return vm_iomap_memory(vma, info->fix.smem_start, info->fix.smem_len); /* expect: mmio-survives-teardown */
}

static const struct file_operations bm_fops = { .mmap = bm_mmap };

static void bm_remove(void *pdev)
{
}

static struct platform_driver bm_driver = { .remove = bm_remove };
