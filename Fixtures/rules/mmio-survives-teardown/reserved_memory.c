#include <linux/mmlint_stub.h>
/*
 * Memory the firmware reserved (a devicetree memory-region) mapped into user
 * space: RAM that no teardown releases or reassigns, not a BAR. Not reported:
 * the reserved region's base mapped directly (open-dice's shape), and a member
 * of the driver's own that probe fills from it (qcom rmtfs_mem's shape).
 * Reported: the same driver shape mapping a member probe fills from a BAR.
 */

struct reserved_mem {
	const char *name;
	phys_addr_t base;
	phys_addr_t size;
};
struct reserved_mem *of_reserved_mem_lookup(void *np);
int vm_iomap_memory(struct vm_area_struct *vma, phys_addr_t start, unsigned long len);

struct platform_driver {
	void (*remove_new)(void *pdev);
};

struct rd_data {
	struct reserved_mem *rmem;
};

static int rd_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rd_data *d = f->private_data;

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return vm_iomap_memory(vma, d->rmem->base, d->rmem->size); /* ok: mmio-survives-teardown */
}

static const struct file_operations rd_fops = { .mmap = rd_mmap };

static void rd_remove(void *pdev)
{
}

static struct platform_driver rd_driver = { .remove_new = rd_remove };

struct platform_driver2 {
	void (*remove_new)(void *pdev);
};

struct rf_mem {
	phys_addr_t addr;
	phys_addr_t size;
	phys_addr_t regs;
};

static int rf_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rf_mem *m = f->private_data;

	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, m->addr >> PAGE_SHIFT, m->size, vma->vm_page_prot); /* ok: mmio-survives-teardown */
}

static int rf_regs_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rf_mem *m = f->private_data;

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, m->regs >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* expect: mmio-survives-teardown */
}

static const struct file_operations rf_fops = { .mmap = rf_mmap };
static const struct file_operations rf_regs_fops = { .mmap = rf_regs_mmap };

int rf_probe(struct rf_mem *m, void *np, phys_addr_t bar)
{
	struct reserved_mem *rmem = of_reserved_mem_lookup(np);

	if (!rmem)
		return -EINVAL;
	m->addr = rmem->base;
	m->size = rmem->size;
	m->regs = bar;
	return 0;
}

static void rf_remove(void *pdev)
{
}

static struct platform_driver2 rf_driver = { .remove_new = rf_remove };
