#include <linux/mmlint_stub.h>
/*
 * page-reused-under-gup: SRAM carved from a gen_pool, handed to user space page by page by a
 * fault handler (vmf->page, at an integer offset from the pool address), then replaced in
 * place by an ioctl: zap, gen_pool_free() of the old block, gen_pool_alloc() of a new one. The
 * pool reuses the old block at once whatever GUP still holds. Formerly missed: any store of the
 * member in the function made the release look like a builder's error path, though here the
 * store comes after it. A builder's error path (the store before the release) stays quiet.
 */
struct rp_dev {
	struct gen_pool *pool;
	unsigned long sram;	/* gen_pool_alloc() address */
	size_t len;
	struct mutex lock;
};

static vm_fault_t rp_fault(struct vm_fault *vmf)
{
	struct rp_dev *d = vmf->vma->vm_private_data;
	unsigned long off = vmf->pgoff << PAGE_SHIFT;
	struct page *page;

	if (off >= d->len)
		return VM_FAULT_SIGBUS;
	page = virt_to_page((void *)(d->sram + off));
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct rp_vm_ops = { .fault = rp_fault };

static long rp_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct rp_dev *d = f->private_data;

	mutex_lock(&d->lock);
	unmap_mapping_range(f->f_mapping, 0, 0, 1);
	gen_pool_free(d->pool, d->sram, d->len); /* expect: page-reused-under-gup */
	d->sram = gen_pool_alloc(d->pool, arg);
	d->len = arg;
	mutex_unlock(&d->lock);
	return 0;
}

static const struct file_operations rp_fops = { .unlocked_ioctl = rp_ioctl };

int rp_check(struct rp_dev *d);

/* Probe: the block allocated and stored, released on a later failure before anything maps it. */
int rp_probe(struct rp_dev *d, size_t len)
{
	d->sram = gen_pool_alloc(d->pool, len);
	if (!d->sram)
		return -ENOMEM;
	d->len = len;
	if (rp_check(d)) {
		gen_pool_free(d->pool, d->sram, d->len); /* ok: page-reused-under-gup */
		return -EIO;
	}
	return 0;
}
