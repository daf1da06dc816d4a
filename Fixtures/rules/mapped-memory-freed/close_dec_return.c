#include <linux/mmlint_stub.h>
/*
 * vm_ops->close runs once per vma; a close that frees only when a count ->open raised drops to
 * zero frees for the last vma. Counted down with a call that returns the count left
 * (`owner_counts`: atomic_dec_return(), atomic_sub_return()): zero is the last (`== 0`,
 * `if (atomic_dec_return(&b->maps)) return;`, `<= 0`). A free where the count left is above
 * zero is still a free under a remaining mapping.
 */

struct dr_buf {
	atomic_t maps;
	void *mem;
};

static void dr_vm_open(struct vm_area_struct *vma)
{
	struct dr_buf *b = vma->vm_private_data;

	atomic_inc(&b->maps);
}

static void dr_vm_close_eq(struct vm_area_struct *vma)
{
	struct dr_buf *b = vma->vm_private_data;

	if (atomic_dec_return(&b->maps) == 0)
		kfree(b->mem); /* ok: mapped-memory-freed the last vma */
}

static void dr_vm_close_early(struct vm_area_struct *vma)
{
	struct dr_buf *b = vma->vm_private_data;

	if (atomic_dec_return(&b->maps))
		return;
	kfree(b->mem); /* ok: mapped-memory-freed the last vma */
}

static void dr_vm_close_le(struct vm_area_struct *vma)
{
	struct dr_buf *b = vma->vm_private_data;

	if (atomic_dec_return(&b->maps) <= 0)
		kfree(b->mem); /* ok: mapped-memory-freed the last vma */
}

static void dr_vm_close_wrong(struct vm_area_struct *vma)
{
	struct dr_buf *b = vma->vm_private_data;

	if (atomic_dec_return(&b->maps) > 0)
		kfree(b->mem); /* expect: mapped-memory-freed freed while other vmas remain */
}

static vm_fault_t dr_fault(struct vm_fault *vmf)
{
	struct dr_buf *b = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, (virt_to_phys(b->mem) >> PAGE_SHIFT) + vmf->pgoff);
}

static const struct vm_operations_struct dr_ops_eq = { .open = dr_vm_open, .close = dr_vm_close_eq, .fault = dr_fault };
static const struct vm_operations_struct dr_ops_early = { .open = dr_vm_open, .close = dr_vm_close_early, .fault = dr_fault };
static const struct vm_operations_struct dr_ops_le = { .open = dr_vm_open, .close = dr_vm_close_le, .fault = dr_fault };
static const struct vm_operations_struct dr_ops_wrong = { .open = dr_vm_open, .close = dr_vm_close_wrong, .fault = dr_fault };

static int dr_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct dr_buf *b = f->private_data;

	atomic_inc(&b->maps);
	vma->vm_private_data = b;
	vma->vm_ops = vma->vm_pgoff ? &dr_ops_eq : &dr_ops_early;
	if (vma->vm_pgoff == 2)
		vma->vm_ops = &dr_ops_le;
	if (vma->vm_pgoff == 3)
		vma->vm_ops = &dr_ops_wrong;
	return 0;
}

static const struct file_operations dr_fops = { .mmap = dr_mmap };
