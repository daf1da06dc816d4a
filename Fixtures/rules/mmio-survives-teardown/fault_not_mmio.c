#include <linux/mmlint_stub.h>
/*
 * Fault-time inserts that are not an unrevoked BAR: the remove() clears the
 * BAR the fault tests and zaps the file's mappings, in one section of the
 * fault's lock; the fault maps RAM (page_to_pfn) though ->mmap sets an
 * uncached protection; a fault of a file whose ->mmap sets no device protection
 * (nothing says the pfn is device memory).
 */

struct pci_driver {
	void (*remove)(void *pdev);
};

struct fr_dev {
	phys_addr_t bar;
	struct page *page;
	struct mutex lock;
	struct inode *inode;
};

static vm_fault_t fr_fault(struct vm_fault *vmf)
{
	struct fr_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&d->lock);
	if (d->bar)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, d->bar >> PAGE_SHIFT); /* ok: mmio-survives-teardown */
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct fr_vm_ops = { .fault = fr_fault };

static int fr_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_private_data = f->private_data;
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	vma->vm_ops = &fr_vm_ops;
	return 0;
}

static const struct file_operations fr_fops = { .mmap = fr_mmap };

static void fr_remove(void *pdev)
{
	struct fr_dev *d = pdev;

	mutex_lock(&d->lock);
	d->bar = 0;
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	mutex_unlock(&d->lock);
}

static struct pci_driver fr_driver = { .remove = fr_remove };
