#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: a byte offset added to an address kept as an integer before it becomes
 * a pointer or a page frame number. `virt_to_phys((void *)(d->ring + off))` with an `unsigned
 * long ring` from __get_free_pages(), `(virt_to_phys(d->buf) + off) >> PAGE_SHIFT`, a page
 * frame number kept in a member plus the page user space asked for (`d->pfn + vmf->pgoff`),
 * and the difference spelled the other way round. Each maps the buffer it starts from; freeing
 * it from a timeout or remove() with no zap is the bug. Formerly missed: an integer sum had no
 * value (only pointer arithmetic kept its base), so the insert mapped nothing the rule named.
 * (A page frame number plus a shifted base is pfn_offset.c.)
 */

/* 1. An integer address plus a byte offset, converted to a pointer in a fault handler. */
struct io_ring_dev {
	unsigned long ring;	/* __get_free_pages() */
	unsigned int order;
};

static vm_fault_t ior_fault(struct vm_fault *vmf)
{
	struct io_ring_dev *d = vmf->vma->vm_private_data;
	unsigned long off = vmf->pgoff << PAGE_SHIFT;

	if (off >= (PAGE_SIZE << d->order))
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys((void *)(d->ring + off)) >> PAGE_SHIFT);
}

static const struct vm_operations_struct ior_vm_ops = { .fault = ior_fault };

void ior_timeout(struct io_ring_dev *d)
{
	free_pages(d->ring, d->order); /* expect: mapped-memory-freed */
}

/* 2. A physical address plus a byte offset, shifted into pages in ->mmap. */
struct iob_dev {
	void *buf;	/* kzalloc() */
	size_t size;
};

static int iob_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct iob_dev *d = f->private_data;
	unsigned long off = vma->vm_pgoff << PAGE_SHIFT;

	return remap_pfn_range(vma, vma->vm_start, (virt_to_phys(d->buf) + off) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static const struct file_operations iob_fops = { .mmap = iob_mmap };

void iob_remove(struct iob_dev *d)
{
	kfree(d->buf); /* expect: mapped-memory-freed */
}

/* 3. The address converted through a local pointer first, the offset subtracted from its end. */
struct iot_dev {
	unsigned long tail;	/* __get_free_pages(), mapped from its last byte backwards */
	unsigned int order;
};

static vm_fault_t iot_fault(struct vm_fault *vmf)
{
	struct iot_dev *d = vmf->vma->vm_private_data;
	void *kaddr = (void *)(d->tail - (vmf->pgoff << PAGE_SHIFT));

	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(kaddr) >> PAGE_SHIFT);
}

static const struct vm_operations_struct iot_vm_ops = { .fault = iot_fault };

void iot_remove(struct iot_dev *d)
{
	free_pages(d->tail, d->order); /* expect: mapped-memory-freed */
}

/*
 * 5. The page frame number computed into a local, the offset added in the insert's argument
 *    (6.12 arch/x86/kernel/cpu/resctrl/pseudo_lock.c:1534-1558 maps plr->kmem so, and
 *    rmdir's pseudo_lock_region_clear() kfree()s it while a process may still map it).
 */
struct ipl_region {
	void *kmem;
	unsigned int size;
};

static int ipl_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct ipl_region *r = f->private_data;
	unsigned long physical = __pa(r->kmem) >> PAGE_SHIFT;

	return remap_pfn_range(vma, vma->vm_start, physical + vma->vm_pgoff,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static const struct file_operations ipl_fops = { .mmap = ipl_mmap };

void ipl_clear(struct ipl_region *r)
{
	kfree(r->kmem); /* expect: mapped-memory-freed */
	r->kmem = NULL;
}

/*
 * 6. The sum kept in an unsigned long local first, declared with it or assigned later.
 */
struct iol_dev {
	unsigned long base;	/* __get_free_pages() */
	unsigned long ring;	/* __get_free_pages() */
	unsigned int order;
};

static int iol_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct iol_dev *d = f->private_data;
	unsigned long addr = d->base + (vma->vm_pgoff << PAGE_SHIFT);

	return remap_pfn_range(vma, vma->vm_start, __pa(addr) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static vm_fault_t iol_fault(struct vm_fault *vmf)
{
	struct iol_dev *d = vmf->vma->vm_private_data;
	unsigned long kaddr;

	kaddr = d->ring + (vmf->pgoff << PAGE_SHIFT);
	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys((void *)kaddr) >> PAGE_SHIFT);
}

static const struct file_operations iol_fops = { .mmap = iol_mmap };
static const struct vm_operations_struct iol_vm_ops = { .fault = iol_fault };

void iol_remove(struct iol_dev *d)
{
	free_pages(d->base, d->order); /* expect: mapped-memory-freed */
	free_pages(d->ring, d->order); /* expect: mapped-memory-freed */
}

/*
 * 4. A page frame number kept in a member at probe, plus the page the fault asks for. Not
 *    followed: the insert maps struct iop_dev.pfn, not .buf. Following a member computed from
 *    another (the stores of it in the mapping file) found this, but on 6.12 and 6.1 it also
 *    brought two frees the rule cannot clear — tee_shm's, reached from the file's ->release
 *    only through an ops call in another file four calls down, and 6.1 user_events' group
 *    destroy, run on its builder's error paths — and no true one (tried and reverted).
 */
struct iop_dev {
	void *buf;
	unsigned long pfn;
};

int iop_probe(struct iop_dev *d)
{
	d->buf = kzalloc(4 * PAGE_SIZE, GFP_KERNEL);
	if (!d->buf)
		return -ENOMEM;
	d->pfn = virt_to_phys(d->buf) >> PAGE_SHIFT;
	return 0;
}

static vm_fault_t iop_fault(struct vm_fault *vmf)
{
	struct iop_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, d->pfn + vmf->pgoff);
}

static const struct vm_operations_struct iop_vm_ops = { .fault = iop_fault };

void iop_remove(struct iop_dev *d)
{
	kfree(d->buf); /* todo: mapped-memory-freed */
}

/*
 * Fixed: the same sums, freed after the file's mappings are revoked (the fault refuses once
 * remove() marks the device dead, then the zap) or in ->release.
 */
struct iof_dev {
	unsigned long ring;
	void *buf;
	unsigned int order;
	bool dead;
	struct mutex lock;
	struct address_space *mapping;
};

static vm_fault_t iof_fault(struct vm_fault *vmf)
{
	struct iof_dev *d = vmf->vma->vm_private_data;
	unsigned long off = vmf->pgoff << PAGE_SHIFT;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&d->lock);
	if (!d->dead)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys((void *)(d->ring + off)) >> PAGE_SHIFT);
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct iof_vm_ops = { .fault = iof_fault };

void iof_remove(struct iof_dev *d)
{
	mutex_lock(&d->lock);
	d->dead = true;
	unmap_mapping_range(d->mapping, 0, 0, 1);
	mutex_unlock(&d->lock);
	free_pages(d->ring, d->order); /* ok: mapped-memory-freed */
}

static int iof_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct iof_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, (virt_to_phys(d->buf) + (vma->vm_pgoff << PAGE_SHIFT)) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static int iof_release(struct inode *inode, struct file *f)
{
	struct iof_dev *d = f->private_data;

	kfree(d->buf); /* ok: mapped-memory-freed */
	return 0;
}

static const struct file_operations iof_fops = { .mmap = iof_mmap, .release = iof_release };
