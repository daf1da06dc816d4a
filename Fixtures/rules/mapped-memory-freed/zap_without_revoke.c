#include <linux/mmlint_stub.h>
/*
 * A zap is a revoke only with a change of state the fault tests: with none, the
 * user's next access refaults, the fault passes the same tests and maps the
 * memory again, and the free that follows leaves that PTE to freed memory
 * (MM-LIFETIME.md: no fault may run between the zap and the state change that
 * stops new mappings). Spellings: a fault that tests only an offset; a zap in a
 * helper and a fault that inserts through a helper, with a state store the fault
 * never reads; vfree() of a vmalloc'd ring. Fixed: the state set under the
 * fault's lock with the zap; set by the caller of the function that zaps; set
 * through a setter helper.
 */

struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	void (*remove)(struct platform_device *pdev);
};

/* 1. The fault tests an offset only: nothing remove() changes. */
struct zn_dev {
	void *buf;
	size_t size;
	struct inode *inode;
};

static vm_fault_t zn_fault(struct vm_fault *vmf)
{
	struct zn_dev *d = vmf->vma->vm_private_data;
	unsigned long off = vmf->pgoff << PAGE_SHIFT;

	if (off >= d->size)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(d->buf + off) >> PAGE_SHIFT);
}

static const struct vm_operations_struct zn_vm_ops = { .fault = zn_fault };

static int zn_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_ops = &zn_vm_ops;
	vma->vm_private_data = file->private_data;
	return 0;
}

static const struct file_operations zn_fops = { .mmap = zn_mmap };

static void zn_remove(struct platform_device *pdev)
{
	struct zn_dev *d = platform_get_drvdata(pdev);

	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	kfree(d->buf); /* expect: mapped-memory-freed replay=confirmed the next fault maps the freed buffer again */
}

static struct platform_driver zn_driver = { .remove = zn_remove };

/* 2. Helpers on both sides; remove() sets a flag the fault never reads. */
struct zh_dev {
	void *ring;
	unsigned long pages;
	bool closing;
	struct address_space *mapping;
};

static vm_fault_t zh_insert(struct vm_fault *vmf, struct zh_dev *d)
{
	return vmf_insert_pfn(vmf->vma, vmf->address, vmalloc_to_pfn(d->ring + (vmf->pgoff << PAGE_SHIFT)));
}

static vm_fault_t zh_fault(struct vm_fault *vmf)
{
	struct zh_dev *d = vmf->vma->vm_private_data;

	if (vmf->pgoff >= d->pages)
		return VM_FAULT_SIGBUS;
	return zh_insert(vmf, d);
}

static const struct vm_operations_struct zh_vm_ops = { .fault = zh_fault };

static void zh_unmap(struct zh_dev *d)
{
	if (d->mapping)
		unmap_mapping_range(d->mapping, 0, 0, 1);
}

void zh_teardown(struct zh_dev *d)
{
	d->closing = true;
	zh_unmap(d);
	vfree(d->ring); /* expect: mapped-memory-freed the flag it sets is not one the fault reads */
}

/* 3. Fixed: the state the fault tests, set in one section of the fault's lock with the zap. */
struct zs_dev {
	void *buf;
	size_t size;
	bool dead;
	struct mutex lock;
	struct inode *inode;
};

static vm_fault_t zs_fault(struct vm_fault *vmf)
{
	struct zs_dev *d = vmf->vma->vm_private_data;
	unsigned long off = vmf->pgoff << PAGE_SHIFT;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&d->lock);
	if (!d->dead && off < d->size)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(d->buf + off) >> PAGE_SHIFT);
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct zs_vm_ops = { .fault = zs_fault };

static void zs_remove(struct platform_device *pdev)
{
	struct zs_dev *d = platform_get_drvdata(pdev);

	mutex_lock(&d->lock);
	d->dead = true;
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	mutex_unlock(&d->lock);
	kfree(d->buf); /* ok: mapped-memory-freed the fault refuses before the zap */
}

static struct platform_driver zs_driver = { .remove = zs_remove };

/* 4. Fixed: the caller of the function that zaps and frees marks the device dead first. */
struct zc_dev {
	void *buf;
	atomic_t state;
	struct inode *inode;
};

static vm_fault_t zc_fault(struct vm_fault *vmf)
{
	struct zc_dev *d = vmf->vma->vm_private_data;

	if (atomic_read(&d->state) != 1)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(d->buf) >> PAGE_SHIFT);
}

static const struct vm_operations_struct zc_vm_ops = { .fault = zc_fault };

static void zc_free_buffers(struct zc_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	kfree(d->buf); /* ok: mapped-memory-freed the caller changed the state the fault tests */
}

void zc_shutdown(struct zc_dev *d)
{
	atomic_set(&d->state, 0);
	synchronize_rcu();
	zc_free_buffers(d);
}

/* 5. Fixed: a setter helper stores the state before the zap. */
struct zt_dev {
	void *buf;
	bool removed;
	spinlock_t lock;
	struct inode *inode;
};

static vm_fault_t zt_fault(struct vm_fault *vmf)
{
	struct zt_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	spin_lock(&d->lock);
	if (!d->removed)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(d->buf) >> PAGE_SHIFT);
	spin_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct zt_vm_ops = { .fault = zt_fault };

static void zt_mark_removed(struct zt_dev *d)
{
	spin_lock(&d->lock);
	d->removed = true;
	spin_unlock(&d->lock);
}

void zt_remove(struct zt_dev *d)
{
	zt_mark_removed(d);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	kfree(d->buf); /* ok: mapped-memory-freed a setter changed the state the fault tests */
}
