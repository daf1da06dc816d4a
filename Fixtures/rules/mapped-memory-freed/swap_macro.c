#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: a buffer replaced with swap() (include/linux/minmax.h), then the local
 * that now holds the old one freed: `nb = kzalloc(…); swap(d->buf, nb); kfree(nb);`. The local
 * is assigned twice (the allocation, then swap()'s temporary); at the free it holds the mapped
 * buffer. Formerly missed: every assignment of the local was read, and the allocation's made the
 * free look like the builder's error path. Spellings: swap(), the exchange written out reusing
 * the local. Quiet: the new buffer freed on a failure before it is published.
 */
#define swap(a, b) \
	do { typeof(a) __tmp = (a); (a) = (b); (b) = __tmp; } while (0)

struct sm_dev {
	void *buf;
	size_t size;
};

static int sm_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct sm_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static const struct file_operations sm_fops = { .mmap = sm_mmap };

long sm_resize(struct sm_dev *d, size_t size)
{
	void *nb = kzalloc(size, GFP_KERNEL);

	if (!nb)
		return -ENOMEM;
	swap(d->buf, nb);
	d->size = size;
	kfree(nb); /* expect: mapped-memory-freed */
	return 0;
}

long sm_resize_spelled(struct sm_dev *d, size_t size)
{
	void *nb = kzalloc(size, GFP_KERNEL);
	void *old;

	if (!nb)
		return -ENOMEM;
	old = d->buf;
	d->buf = nb;
	nb = old;
	kfree(nb); /* expect: mapped-memory-freed */
	return 0;
}

int sm_check(struct sm_dev *d, void *nb);

long sm_resize_checked(struct sm_dev *d, size_t size)
{
	void *nb = kzalloc(size, GFP_KERNEL);

	if (!nb)
		return -ENOMEM;
	if (sm_check(d, nb)) {
		kfree(nb); /* ok: mapped-memory-freed */
		return -EINVAL;
	}
	d->buf = nb;
	return 0;
}
