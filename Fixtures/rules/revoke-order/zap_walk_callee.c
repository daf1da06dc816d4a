/*
 * revoke-order: a zap in a callee that walks the tracked mappings. Mirrors drivers/vfio/pci/vfio_pci.c + vfio_pci_config.c of
 * 5.10-5.15 (before the 6.10 switch to unmap_mapping_range): BARs are
 * io_remap_pfn_range()d at FAULT time under vma_lock then memory_lock read;
 * each faulting vma is tracked in vma_list. The revoke is
 * vfio_pci_zap_and_down_write_memory_lock: zap every tracked vma with
 * zap_vma_ptes holding vma_lock, take memory_lock for write, drop vma_lock;
 * the caller then clears the memory-enable state and up_write()s.
 * A fault that starts after the zap blocks on vma_lock, then on memory_lock,
 * and sees mem_enabled false: correct order through vma_lock.
 * - the mem_enabled store in vfio_basic_config_write_cmd: correct.
 * - the io_remap_pfn_range in the fault: correct, not inside ->mmap.
 * A sibling helper, vfio_pci_bad_disable, drops vma_lock BEFORE taking
 * memory_lock and clears the state in a later section: a fault between the
 * two sections re-inserts the BAR: buggy revoke order.
 */
#include <linux/mmlint_stub.h>

struct pci_dev { struct device *dev; };
void list_del_init(struct list_head *entry);
#define list_for_each_entry_safe(pos, n, head, member)			\
	for (pos = list_first_entry(head, typeof(*pos), member),	\
		n = list_next_entry(pos, member);			\
	     !list_entry_is_head(pos, head, member);			\
	     pos = n, n = list_next_entry(n, member))

struct vfio_pci_device {
	struct pci_dev *pdev;
	struct rw_semaphore memory_lock;
	struct mutex vma_lock;
	struct list_head vma_list;
	bool mem_enabled;
};

struct vfio_pci_mmap_vma {
	struct vm_area_struct *vma;
	struct list_head vma_next;
};

static bool __vfio_pci_memory_enabled(struct vfio_pci_device *vdev)
{
	return vdev->mem_enabled;
}

static int __vfio_pci_add_vma(struct vfio_pci_device *vdev, struct vm_area_struct *vma)
{
	struct vfio_pci_mmap_vma *mmap_vma = kmalloc(sizeof(*mmap_vma), GFP_KERNEL);

	if (!mmap_vma)
		return -ENOMEM;
	mmap_vma->vma = vma;
	list_add_tail(&mmap_vma->vma_next, &vdev->vma_list);
	return 0;
}

static vm_fault_t vfio_pci_mmap_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct vfio_pci_device *vdev = vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_NOPAGE;

	mutex_lock(&vdev->vma_lock);
	down_read(&vdev->memory_lock);

	if (!__vfio_pci_memory_enabled(vdev)) {
		ret = VM_FAULT_SIGBUS;
		goto up_out;
	}
	if (__vfio_pci_add_vma(vdev, vma)) {
		ret = VM_FAULT_SIGBUS;
		goto up_out;
	}
	if (io_remap_pfn_range(vma, vma->vm_start, vma->vm_pgoff, /* ok: populated-in-mmap */
			       vma->vm_end - vma->vm_start, vma->vm_page_prot))
		ret = VM_FAULT_SIGBUS;
up_out:
	up_read(&vdev->memory_lock);
	mutex_unlock(&vdev->vma_lock);
	return ret;
}

static void vfio_pci_mmap_close(struct vm_area_struct *vma)
{
	struct vfio_pci_device *vdev = vma->vm_private_data;
	struct vfio_pci_mmap_vma *mmap_vma, *tmp;

	mutex_lock(&vdev->vma_lock);
	list_for_each_entry_safe(mmap_vma, tmp, &vdev->vma_list, vma_next) {
		if (mmap_vma->vma == vma) {
			list_del(&mmap_vma->vma_next);
			kfree(mmap_vma);
			break;
		}
	}
	mutex_unlock(&vdev->vma_lock);
}

static const struct vm_operations_struct vfio_pci_mmap_ops = {
	.close = vfio_pci_mmap_close,
	.fault = vfio_pci_mmap_fault,
};

static int vfio_pci_mmap(struct file *filep, struct vm_area_struct *vma)
{
	struct vfio_pci_device *vdev = filep->private_data;

	vma->vm_private_data = vdev;
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	vma->vm_ops = &vfio_pci_mmap_ops;
	return 0;
}

static const struct file_operations vfio_pci_fops = {
	.mmap = vfio_pci_mmap,
};

static int vfio_pci_zap_and_vma_lock(struct vfio_pci_device *vdev)
{
	struct vfio_pci_mmap_vma *mmap_vma, *tmp;

	mutex_lock(&vdev->vma_lock);
	list_for_each_entry_safe(mmap_vma, tmp, &vdev->vma_list, vma_next) {
		struct vm_area_struct *vma = mmap_vma->vma;

		zap_vma_ptes(vma, vma->vm_start, vma->vm_end - vma->vm_start);
		list_del(&mmap_vma->vma_next);
		kfree(mmap_vma);
	}
	return 1;
}

void vfio_pci_zap_and_down_write_memory_lock(struct vfio_pci_device *vdev)
{
	vfio_pci_zap_and_vma_lock(vdev);
	down_write(&vdev->memory_lock);
	mutex_unlock(&vdev->vma_lock);
}

static void vfio_basic_config_write_cmd(struct vfio_pci_device *vdev, bool new_mem)
{
	if (!new_mem)
		vfio_pci_zap_and_down_write_memory_lock(vdev);
	else
		down_write(&vdev->memory_lock);

	vdev->mem_enabled = new_mem; /* ok: revoke-order */
	up_write(&vdev->memory_lock);
}

/* the broken sibling: zap, drop vma_lock, then change the state in another section */
static void vfio_pci_bad_disable(struct vfio_pci_device *vdev)
{
	vfio_pci_zap_and_vma_lock(vdev);
	mutex_unlock(&vdev->vma_lock);

	down_write(&vdev->memory_lock);
	vdev->mem_enabled = false; /* expect: revoke-order */
	up_write(&vdev->memory_lock);
}

/* The same walk spelled as a drain of the list: a list that is empty has no mapping. */
int list_empty(const struct list_head *head);

static void vfio_pci_zap_drain(struct vfio_pci_device *vdev)
{
	mutex_lock(&vdev->vma_lock);
	while (!list_empty(&vdev->vma_list)) {
		struct vfio_pci_mmap_vma *mmap_vma = list_first_entry(&vdev->vma_list, struct vfio_pci_mmap_vma, vma_next);
		struct vm_area_struct *vma = mmap_vma->vma;

		zap_vma_ptes(vma, vma->vm_start, vma->vm_end - vma->vm_start);
		list_del(&mmap_vma->vma_next);
		kfree(mmap_vma);
	}
}

static void vfio_pci_zap_drain_and_down_write(struct vfio_pci_device *vdev)
{
	vfio_pci_zap_drain(vdev);
	down_write(&vdev->memory_lock);
	mutex_unlock(&vdev->vma_lock);
}

static void vfio_pci_drain_disable(struct vfio_pci_device *vdev)
{
	vfio_pci_zap_drain_and_down_write(vdev);
	vdev->mem_enabled = false; /* ok: revoke-order */
	up_write(&vdev->memory_lock);
}

static void vfio_pci_drain_bad_disable(struct vfio_pci_device *vdev)
{
	vfio_pci_zap_drain(vdev);
	mutex_unlock(&vdev->vma_lock);
	down_write(&vdev->memory_lock);
	vdev->mem_enabled = false; /* expect: revoke-order */
	up_write(&vdev->memory_lock);
}

/* Hand over hand in the caller: vma_lock from the zap until memory_lock is held, memory_lock
 * through the store. The fault holds both at its test, so it runs before the zap or after
 * the store. */
static void vfio_pci_drain_hand_over_hand(struct vfio_pci_device *vdev)
{
	vfio_pci_zap_drain(vdev);
	down_write(&vdev->memory_lock);
	mutex_unlock(&vdev->vma_lock);
	vdev->mem_enabled = false; /* ok: revoke-order */
	up_write(&vdev->memory_lock);
}
