#include <linux/mmlint_stub.h>
/*
 * A buffer taken out of its member and freed: the member is cleared (or given a
 * new buffer) by the same step that reads it, with xchg() and its orderings (an
 * opaque call on every architecture), an i915-style fetch_and_zero() (a statement
 * expression), or a plain read into a local. The memory is what the member held:
 * mapped by ->mmap, freed under the mapping unless a zap comes first or the free
 * runs in ->release.
 */

#define fetch_and_zero(ptr) ({ \
	typeof(*ptr) __T = *(ptr); \
	*(ptr) = (typeof(*ptr))0; \
	__T; \
})

struct tk_dev {
	void *buf;
	void *ring;
	void *log;
	void *stats;
	void *ctl;
};

static int tk_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct tk_dev *d = f->private_data;
	void *p;

	switch (vma->vm_pgoff) {
	case 0: p = d->buf; break;
	case 1: p = d->ring; break;
	case 2: p = d->log; break;
	case 3: p = d->stats; break;
	default: p = d->ctl; break;
	}
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(p) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static long tk_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tk_dev *d = f->private_data;
	void *old, *nb;

	switch (cmd) {
	case 1:
		old = xchg(&d->buf, NULL);
		kfree(old); /* expect: mapped-memory-freed */
		return 0;
	case 2:
		kfree(xchg_release(&d->ring, NULL)); /* expect: mapped-memory-freed */
		return 0;
	case 3:
		vfree(fetch_and_zero(&d->log)); /* expect: mapped-memory-freed */
		return 0;
	case 4:
		/* a new buffer in its place: the old one may still be mapped */
		nb = kzalloc(PAGE_SIZE, GFP_KERNEL);
		if (!nb)
			return -ENOMEM;
		kfree(xchg(&d->stats, nb)); /* expect: mapped-memory-freed */
		return 0;
	}
	return -EINVAL;
}

/* Zapped first: no mapping is left when the taken buffer goes. */
static long tk_reset(struct file *f)
{
	struct tk_dev *d = f->private_data;
	void *old = xchg(&d->ctl, NULL);

	unmap_mapping_range(f->f_mapping, 0, 0, 1);
	kfree(old); /* ok: mapped-memory-freed */
	return 0;
}

/* The file's release: every mapping of it is gone. */
static int tk_release(struct inode *inode, struct file *f)
{
	struct tk_dev *d = f->private_data;

	kfree(xchg(&d->buf, NULL)); /* ok: mapped-memory-freed */
	vfree(fetch_and_zero(&d->log)); /* ok: mapped-memory-freed */
	return 0;
}

static const struct file_operations tk_fops = {
	.mmap = tk_mmap,
	.unlocked_ioctl = tk_ioctl,
	.release = tk_release,
};

long tk_admin(struct file *f, unsigned int cmd)
{
	return cmd ? tk_reset(f) : 0;
}
