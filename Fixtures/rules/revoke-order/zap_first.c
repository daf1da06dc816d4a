#include <linux/mmlint_stub.h>
/*
 * revoke-order: the zap comes before the state change the fault path tests, with no lock
 * both take. A fault between the two passes the test and re-inserts a PTE the revoke never
 * removes (the drm/uio "revoke on hot-unplug" bug shape). Three spellings of the state: a
 * bool flag, the buffer pointer itself, an enum state through a zapping helper.
 */

struct zf_dev {
	void *buf;
	bool dead;
	int state;
	struct inode *inode;
	struct mutex lock;
};

#define ZF_LIVE 1
#define ZF_GONE 2

static vm_fault_t zf_fault(struct vm_fault *vmf)
{
	struct zf_dev *d = vmf->vma->vm_private_data;

	if (d->dead || !d->buf)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(virt_to_page(d->buf)));
}

static const struct vm_operations_struct zf_vm_ops = { .fault = zf_fault };

/* a flag, set after the zap */
void zf_unplug(struct zf_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->dead = true; /* expect: revoke-order */
}

/* the pointer the fault maps, cleared after the zap; the lock is held only around the store */
void zf_drop_buffer(struct zf_dev *d)
{
	zap_vma_ptes(NULL, 0, PAGE_SIZE);
	mutex_lock(&d->lock);
	d->buf = NULL; /* expect: revoke-order */
	mutex_unlock(&d->lock);
}

/* the mmap path tests a state word; the zap is in a helper */
static int zf_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct zf_dev *d = f->private_data;

	if (d->state != ZF_LIVE)
		return -EFAULT;
	vma->vm_ops = &zf_vm_ops;
	return 0;
}

static const struct file_operations zf_fops = { .mmap = zf_mmap };

static void zf_zap_all(struct zf_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}

void zf_remove(struct zf_dev *d)
{
	zf_zap_all(d);
	d->state = ZF_GONE; /* expect: revoke-order replay=confirmed */
}

/* The fault tests under the device's lock, but the revoke takes it only after the zap. */
struct zl_dev {
	void *buf;
	bool removed;
	struct inode *inode;
	struct mutex lock;
};

static vm_fault_t zl_fault(struct vm_fault *vmf)
{
	struct zl_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&d->lock);
	if (!d->removed)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(virt_to_page(d->buf)));
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct zl_vm_ops = { .fault = zl_fault };

void zl_remove(struct zl_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	mutex_lock(&d->lock);
	d->removed = true; /* expect: revoke-order */
	mutex_unlock(&d->lock);
}

/* Held by the caller (lockdep_assert_held-style contract): the lock orders it, not judged. */
void zl_purge_locked(struct zl_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->removed = true; /* ok: revoke-order */
}

/*
 * Setting up a mapping is no revoke: remap_pfn_range() zaps only to undo its own partial insert
 * (on its error path), and vma->vm_ops / vm_private_data belong to the mapping being made.
 */
static int zs_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct zl_dev *d = f->private_data;
	int ret;

	ret = remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
	if (ret)
		return ret;
	vma->vm_ops = &zl_vm_ops; /* ok: revoke-order */
	vma->vm_private_data = d; /* ok: revoke-order */
	return 0;
}

static vm_fault_t zs_other_fault(struct vm_fault *vmf)
{
	if (!vmf->vma->vm_private_data || vmf->vma->vm_ops != &zl_vm_ops)
		return VM_FAULT_SIGBUS;
	return VM_FAULT_NOPAGE;
}

static const struct vm_operations_struct zs_vm_ops = { .fault = zs_other_fault };
static const struct file_operations zs_fops = { .mmap = zs_mmap };
