#include <linux/mmlint_stub.h>
/* The insert in a helper; the remove in this file never revokes. */

struct platform_driver {
	void (*remove_new)(void *pdev);
};

int vm_iomap_memory(struct vm_area_struct *vma, phys_addr_t start, unsigned long len);

struct ih_dev {
	phys_addr_t regs;
	unsigned long len;
};

static int ih_map_regs(struct ih_dev *d, struct vm_area_struct *vma)
{
	return vm_iomap_memory(vma, d->regs, d->len); /* expect: mmio-survives-teardown */
}

static int ih_mmap(struct file *f, struct vm_area_struct *vma)
{
	return ih_map_regs(f->private_data, vma);
}

static const struct file_operations ih_fops = { .mmap = ih_mmap };

static void ih_remove(void *pdev)
{
}

static struct platform_driver ih_driver = { .remove_new = ih_remove };
