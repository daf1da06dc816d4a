#include <linux/mmlint_stub.h>
/*
 * The insert converts the address of a member inside an allocation a member points to
 * (`virt_to_phys(&d->shm->doorbell)`: a doorbell page inside a shared block; io_uring's
 * pre-5.19 rings mapped by the address of a part of the block), the free names the allocation
 * (`kfree(d->shm)`): the same memory. Spellings: virt_to_phys() in a fault handler, virt_to_page()
 * in ->mmap. Quiet: the fixed twin that zaps first, and the value of a pointer member inside the
 * block (`d->shm->buf`: another allocation) against a free of the block. The fixed twin's fault
 * refuses once the device is marked dead (a zap alone lets the next fault map the block again).
 */

struct ma_shm {
	u32 doorbell;
	u32 pad[1023];
	void *buf;
};

struct ma_dev {
	struct ma_shm *shm;
	struct ma_shm *ctl;
	struct ma_shm *other;
	bool dead;
	struct mutex lock;
	struct inode *inode;
};

static vm_fault_t ma_fault(struct vm_fault *vmf)
{
	struct ma_dev *d = vmf->vma->vm_private_data;
	unsigned long pfn = virt_to_phys(&d->shm->doorbell) >> PAGE_SHIFT;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&d->lock);
	if (!d->dead)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, pfn);
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct ma_vm_ops = { .fault = ma_fault };

static int ma_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct ma_dev *d = f->private_data;

	vma->vm_ops = &ma_vm_ops;
	vma->vm_private_data = d;
	return vm_insert_page(vma, vma->vm_start, virt_to_page(&d->ctl->doorbell)) ?:
	       remap_pfn_range(vma, vma->vm_start + PAGE_SIZE, virt_to_phys(d->other->buf) >> PAGE_SHIFT, PAGE_SIZE,
			       vma->vm_page_prot);
}

static const struct file_operations ma_fops = { .mmap = ma_mmap };

void ma_remove(struct ma_dev *d)
{
	kfree(d->shm); /* expect: mapped-memory-freed the doorbell mapped is inside it */
	kfree(d->other); /* ok: mapped-memory-freed the mapping is of the buffer it points to not of it */
}

void ma_remove_fixed(struct ma_dev *d)
{
	mutex_lock(&d->lock);
	d->dead = true;
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	mutex_unlock(&d->lock);
	kfree(d->shm); /* ok: mapped-memory-freed revoked first */
}
