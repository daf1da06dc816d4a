#include <linux/mmlint_stub.h>
/*
 * page-reused-under-gup: a fault handler that hands the core a page (vmf->page):
 * the core maps it with a refcounted PTE. The pool memory behind it is returned
 * in the vma's ->close — after munmap, but a GUP pin taken through the PTE
 * outlives the vma — and in ->release. Released by reference instead: fine.
 */

struct fp_ctx {
	struct gen_pool *pool;
	void *shm;
	size_t len;
	struct page *ref_page;
};

static vm_fault_t fp_fault(struct vm_fault *vmf)
{
	struct fp_ctx *c = vmf->vma->vm_private_data;
	struct page *page = virt_to_page(c->shm);

	get_page(page);
	vmf->page = page;
	return 0;
}

static void fp_close(struct vm_area_struct *vma)
{
	struct fp_ctx *c = vma->vm_private_data;

	gen_pool_free(c->pool, (unsigned long)c->shm, c->len); /* expect: page-reused-under-gup replay=confirmed */
}

static const struct vm_operations_struct fp_vm_ops = { .fault = fp_fault, .close = fp_close };

/* The same shape, the page dropped by reference in ->release: it lives until GUP's put. */
static vm_fault_t fp_ref_fault(struct vm_fault *vmf)
{
	struct fp_ctx *c = vmf->vma->vm_private_data;

	get_page(c->ref_page);
	vmf->page = c->ref_page;
	return 0;
}

static const struct vm_operations_struct fp_ref_vm_ops = { .fault = fp_ref_fault };

static int fp_release(struct inode *inode, struct file *f)
{
	struct fp_ctx *c = f->private_data;

	put_page(c->ref_page); /* ok: page-reused-under-gup */
	return 0;
}

static const struct file_operations fp_fops = { .release = fp_release };
