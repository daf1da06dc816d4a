#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: a free helper the file's ->release calls, called from another route
 * too. The release frees after the last mapping of the file (a vma pins its file); an ioctl
 * that reconfigures through the same helper frees while the buffer may be mapped
 * (staging gasket's coherent allocator 4.19-5.18, GASKET_IOCTL_CONFIG_COHERENT_ALLOCATOR).
 * Fixed forms: the ioctl zaps the file's mappings first; the helper is reached only on the
 * last-reference side of a count the file holds.
 */

struct rh_dev {
	struct device *dev;
	struct address_space *mapping;
	void *virt;
	dma_addr_t phys;
	size_t len;
};

static void rh_free_buf(struct rh_dev *d)
{
	if (!d->len)
		return;
	dma_free_coherent(d->dev, d->len, d->virt, d->phys); /* expect: mapped-memory-freed the ioctl route frees under the mapping */
	d->len = 0;
	d->virt = NULL;
}

static int rh_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rh_dev *d = f->private_data;

	if (vma->vm_end - vma->vm_start > d->len)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, d->phys >> PAGE_SHIFT, vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static int rh_config(struct rh_dev *d, unsigned long enable)
{
	if (!enable) {
		rh_free_buf(d);
		return 0;
	}
	d->virt = dma_alloc_coherent(d->dev, PAGE_SIZE, &d->phys, GFP_KERNEL);
	d->len = d->virt ? PAGE_SIZE : 0;
	return d->virt ? 0 : -ENOMEM;
}

static long rh_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	return rh_config(f->private_data, arg);
}

static int rh_release(struct inode *inode, struct file *f)
{
	rh_free_buf(f->private_data);
	return 0;
}

static const struct file_operations rh_fops = {
	.mmap = rh_mmap,
	.unlocked_ioctl = rh_ioctl,
	.release = rh_release,
};

/* Fixed: the ioctl zaps every mapping of the file before it frees. */
struct rz_dev {
	struct device *dev;
	struct address_space *mapping;
	void *virt;
	dma_addr_t phys;
	size_t len;
};

static void rz_free_buf(struct rz_dev *d)
{
	dma_free_coherent(d->dev, d->len, d->virt, d->phys); /* ok: mapped-memory-freed release or after the zap */
	d->len = 0;
}

static int rz_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rz_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, d->phys >> PAGE_SHIFT, vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static long rz_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct rz_dev *d = f->private_data;

	unmap_mapping_range(d->mapping, 0, 0, 1);
	rz_free_buf(d);
	return 0;
}

static int rz_release(struct inode *inode, struct file *f)
{
	rz_free_buf(f->private_data);
	return 0;
}

static const struct file_operations rz_fops = {
	.mmap = rz_mmap,
	.unlocked_ioctl = rz_ioctl,
	.release = rz_release,
};

/* Fixed: the other route drops a reference and frees only on the last one. */
struct rk_buf {
	refcount_t users;
	struct device *dev;
	void *virt;
	dma_addr_t phys;
	size_t len;
};

static void rk_destroy(struct rk_buf *b)
{
	dma_free_coherent(b->dev, b->len, b->virt, b->phys); /* ok: mapped-memory-freed the last reference is gone */
	kfree(b);
}

void rk_put(struct rk_buf *b)
{
	if (refcount_dec_and_test(&b->users))
		rk_destroy(b);
}

static int rk_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rk_buf *b = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, b->phys >> PAGE_SHIFT, vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static int rk_release(struct inode *inode, struct file *f)
{
	rk_put(f->private_data);
	return 0;
}

static const struct file_operations rk_fops = {
	.mmap = rk_mmap,
	.release = rk_release,
};

/* Fixed: the other caller is the allocation's own error path, before anything is mapped. */
struct rb_obj {
	struct device *dev;
	void *vaddr;
	dma_addr_t iova;
	size_t size;
	int handle;
};

int rb_publish(struct rb_obj *o);
void *dma_alloc_wc(struct device *dev, size_t size, dma_addr_t *handle, gfp_t gfp);
void dma_free_wc(struct device *dev, size_t size, void *cpu_addr, dma_addr_t handle);
int dma_mmap_wc(struct device *dev, struct vm_area_struct *vma, void *cpu_addr, dma_addr_t handle, size_t size);

static void rb_free(struct rb_obj *o)
{
	dma_free_wc(o->dev, o->size, o->vaddr, o->iova); /* ok: mapped-memory-freed release or the builder unwinding */
}

static int rb_alloc_pages(struct rb_obj *o)
{
	o->vaddr = dma_alloc_wc(o->dev, o->size, &o->iova, GFP_KERNEL);
	return o->vaddr ? 0 : -ENOMEM;
}

int rb_create(struct rb_obj *o)
{
	int err = rb_alloc_pages(o);

	if (err)
		return err;
	err = rb_publish(o);
	if (err)
		rb_free(o);
	return err;
}

static int rb_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rb_obj *o = f->private_data;

	return dma_mmap_wc(o->dev, vma, o->vaddr, o->iova, o->size);
}

static int rb_release(struct inode *inode, struct file *f)
{
	rb_free(f->private_data);
	return 0;
}

static const struct file_operations rb_fops = {
	.mmap = rb_mmap,
	.release = rb_release,
};
