#include <linux/mmlint_stub.h>
/*
 * vmf_insert_mixed() of a RAM page's pfn (`page_to_pfn_t(page)`, no PFN_MAP) inserts a special
 * PTE where the architecture has ARCH_HAS_PTE_SPECIAL (6.12 mm/memory.c __vm_insert_mixed():
 * insert_pfn() → pte_mkspecial): no reference holds the page. Freeing it with __free_pages()
 * while a process maps it, with no zap, leaves a PTE to freed memory. Not seen yet: the mixed
 * inserts belong to page-reused-under-gup, which judges pool releases (gen_pool_free,
 * mempool_free) only, and listing them here reports its pool cases twice; this rule needs to
 * take the mixed inserts for the frees that rule does not judge.
 */

struct mx_dev {
	struct page *pages;
	unsigned int order;
};

static vm_fault_t mx_fault(struct vm_fault *vmf)
{
	struct mx_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_mixed(vmf->vma, vmf->address, page_to_pfn_t(d->pages + vmf->pgoff));
}

static const struct vm_operations_struct mx_vm_ops = { .fault = mx_fault };

static long mx_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct mx_dev *d = f->private_data;

	__free_pages(d->pages, d->order); /* todo: mapped-memory-freed a special pte of a mixed insert holds no reference */
	d->pages = alloc_page(GFP_KERNEL);
	d->order = 0;
	return 0;
}

static int mx_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &mx_vm_ops;
	vma->vm_private_data = f->private_data;
	return 0;
}

static const struct file_operations mx_fops = { .mmap = mx_mmap, .unlocked_ioctl = mx_ioctl };
