#include <linux/mmlint_stub.h>
/* The same device class, but remove waits for an interrupt, not for the files. */
struct pci_driver {
	void (*remove)(void *pdev);
};

struct wr_dev {
	phys_addr_t bar;
	unsigned long len;
	struct completion irq_done;
};

static int wi_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct wr_dev *d = f->private_data;

	return io_remap_pfn_range(vma, vma->vm_start, d->bar >> PAGE_SHIFT, d->len, vma->vm_page_prot); /* expect: mmio-survives-teardown */
}

static int wi_release(struct inode *inode, struct file *f)
{
	return 0;
}

static const struct file_operations wi_fops = { .mmap = wi_mmap, .release = wi_release };

void wi_irq(struct wr_dev *d)
{
	complete(&d->irq_done);
}

static void wi_remove(void *pdev)
{
	struct wr_dev *d = pdev;

	wait_for_completion(&d->irq_done);
	d->bar = 0;
}

static struct pci_driver wi_driver = { .remove = wi_remove };
