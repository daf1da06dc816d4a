#include <linux/mmlint_stub.h>
/*
 * Per-vma counting spelled with the increments that give the count back: vm_ops->open counts
 * up with atomic_inc_return() (its value logged) or atomic_fetch_inc(), ->close frees on the
 * last atomic_dec_and_test() (mspec's shape, 6.1 drivers/char/mspec.c). The free runs for the
 * last vma only: quiet. Reported: an ->open that counts another member than the one the
 * close tests (the split or forked vma shares the buffer uncounted).
 */
int atomic_inc_return(atomic_t *v);
int atomic_fetch_inc(atomic_t *v);

struct cir_buf {
	void *mem;
	size_t size;
	atomic_t vmas;
	atomic_t opens;
};

static void cir_open(struct vm_area_struct *vma)
{
	struct cir_buf *b = vma->vm_private_data;
	int n = atomic_inc_return(&b->vmas);

	pr_debug("cir: %d vmas\n", n);
}

static void cir_close(struct vm_area_struct *vma)
{
	struct cir_buf *b = vma->vm_private_data;

	if (atomic_dec_and_test(&b->vmas))
		kfree(b->mem); /* ok: mapped-memory-freed freed with the last vma */
}

static vm_fault_t cir_fault(struct vm_fault *vmf)
{
	struct cir_buf *b = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(b->mem + (vmf->pgoff << PAGE_SHIFT)) >> PAGE_SHIFT);
}

static const struct vm_operations_struct cir_vm_ops = { .open = cir_open, .close = cir_close, .fault = cir_fault };

static void cfi_open(struct vm_area_struct *vma)
{
	struct cir_buf *b = vma->vm_private_data;

	(void)atomic_fetch_inc(&b->vmas);
}

static void cfi_close(struct vm_area_struct *vma)
{
	struct cir_buf *b = vma->vm_private_data;

	if (!atomic_dec_and_test(&b->vmas))
		return;
	kfree(b->mem); /* ok: mapped-memory-freed freed with the last vma */
}

static const struct vm_operations_struct cfi_vm_ops = { .open = cfi_open, .close = cfi_close, .fault = cir_fault };

static void cwr_open(struct vm_area_struct *vma)
{
	struct cir_buf *b = vma->vm_private_data;

	atomic_inc_return(&b->opens);
}

static void cwr_close(struct vm_area_struct *vma)
{
	struct cir_buf *b = vma->vm_private_data;

	if (atomic_dec_and_test(&b->vmas))
		kfree(b->mem); /* expect: mapped-memory-freed the open counts another member */
}

static const struct vm_operations_struct cwr_vm_ops = { .open = cwr_open, .close = cwr_close, .fault = cir_fault };

static int cir_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct cir_buf *b = f->private_data;

	atomic_set(&b->vmas, 1);
	vma->vm_ops = vma->vm_pgoff == 1 ? &cfi_vm_ops : vma->vm_pgoff == 2 ? &cwr_vm_ops : &cir_vm_ops;
	vma->vm_private_data = b;
	return 0;
}

static const struct file_operations cir_fops = { .mmap = cir_mmap };
