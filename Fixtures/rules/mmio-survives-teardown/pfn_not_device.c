#include <linux/mmlint_stub.h>
/*
 * Quiet: a remap_pfn_range() with the vma's own protection maps memory the
 * rule cannot tell from RAM (mapped-memory-freed judges RAM); and a device
 * protection whose teardown zaps the file's mappings (the fixed form).
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

struct pn_dev {
	void *buf;
	phys_addr_t bar;
	unsigned long len;
	struct inode *inode;
};

static int pn_mmap_ram(struct file *f, struct vm_area_struct *vma)
{
	struct pn_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* ok: mmio-survives-teardown */
}

static const struct file_operations pn_fops = { .mmap = pn_mmap_ram };

static void pn_remove(void *pdev)
{
}

static struct pci_driver pn_driver = { .remove = pn_remove };
