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

/*
 * An uncached kernel buffer is still RAM: a pfn from __pa()/virt_to_phys()
 * is not device memory, whatever the protection.
 */
static int pn_mmap_uncached_ram(struct file *f, struct vm_area_struct *vma)
{
	struct pn_dev *d = f->private_data;

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, PFN_DOWN(__pa(d->buf)), d->len, vma->vm_page_prot); /* ok: mmio-survives-teardown */
}

static const struct file_operations pn_ram_fops = { .mmap = pn_mmap_uncached_ram };

/* A protection set on another branch does not reach this insert. */
static int pn_mmap_other_branch(struct file *f, struct vm_area_struct *vma)
{
	struct pn_dev *d = f->private_data;

	if (vma->vm_pgoff) {
		vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
		return 0;
	}
	return remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* ok: mmio-survives-teardown */
}

static const struct file_operations pn_branch_fops = { .mmap = pn_mmap_other_branch };

/* vm_iomap_memory() of a ring in RAM (uio_hv_generic's shape): not device memory. */
int vm_iomap_memory(struct vm_area_struct *vma, phys_addr_t start, unsigned long len);

static int pn_mmap_ring(struct file *f, struct vm_area_struct *vma)
{
	struct pn_dev *d = f->private_data;
	void *ring = d->buf;

	return vm_iomap_memory(vma, virt_to_phys(ring), d->len); /* ok: mmio-survives-teardown */
}

static const struct file_operations pn_ring_fops = { .mmap = pn_mmap_ring };
