#include <linux/mmlint_stub.h>
/*
 * A misc char device (drivers/misc style, e.g. a DSP status-ring exporter) maps a kzalloc()ed
 * ring at fault time with vmf_insert_pfn() (special PTEs, no reference) while the device is
 * alive; the fault tests and inserts under d->lock. The free is deferred to a work item whose
 * function probe() names with INIT_WORK(); remove() marks the device dead under the lock,
 * zaps (a complete revoke: no fault can re-insert), and only then queues the work.
 * The work function runs only after schedule_work(), which every path reaches after the zap:
 * the free follows the revoke. Must stay quiet. The same with a delayed work item queued on a
 * workqueue after the revoke (quiet), and with a second queueing before the zap, from an
 * ioctl (reported: that work may run while the ring is mapped).
 */

struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	void (*remove)(struct platform_device *pdev);
};

struct wq_dev {
	struct inode *inode;
	void *ring;
	bool dead;
	struct mutex lock;
	struct work_struct free_work;
};

static vm_fault_t wq_fault(struct vm_fault *vmf)
{
	struct wq_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&d->lock);
	if (!d->dead)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, (virt_to_phys(d->ring) >> PAGE_SHIFT) + vmf->pgoff);
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct wq_vm_ops = { .fault = wq_fault };

static int wq_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &wq_vm_ops;
	vma->vm_private_data = f->private_data;
	return 0;
}

static const struct file_operations wq_fops = { .mmap = wq_mmap };

static void wq_free_work(struct work_struct *w)
{
	struct wq_dev *d = container_of(w, struct wq_dev, free_work);

	kfree(d->ring); /* ok: mapped-memory-freed work is queued only after the revoke */
}

static int wq_probe(struct platform_device *pdev)
{
	struct wq_dev *d = platform_get_drvdata(pdev);

	INIT_WORK(&d->free_work, wq_free_work);
	d->ring = kzalloc(4 * PAGE_SIZE, GFP_KERNEL);
	return d->ring ? 0 : -ENOMEM;
}

static void wq_remove(struct platform_device *pdev)
{
	struct wq_dev *d = platform_get_drvdata(pdev);

	mutex_lock(&d->lock);
	d->dead = true;
	mutex_unlock(&d->lock);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	schedule_work(&d->free_work);
}

static struct platform_driver wq_driver = { .probe = wq_probe, .remove = wq_remove };

bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay);

/* A delayed work item, queued on a workqueue after the revoke. */
struct wd_dev {
	struct inode *inode;
	void *ring;
	bool dead;
	struct mutex lock;
	struct workqueue_struct *wq;
	struct delayed_work reap;
};

static vm_fault_t wd_fault(struct vm_fault *vmf)
{
	struct wd_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&d->lock);
	if (!d->dead)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, PHYS_PFN(virt_to_phys(d->ring)) + vmf->pgoff);
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct wd_vm_ops = { .fault = wd_fault };

static void wd_reap(struct work_struct *w)
{
	struct wd_dev *d = container_of(w, struct wd_dev, reap.work);

	kfree(d->ring); /* ok: mapped-memory-freed the delayed work is queued after the revoke */
}

static int wd_probe(struct platform_device *pdev)
{
	struct wd_dev *d = platform_get_drvdata(pdev);

	INIT_DELAYED_WORK(&d->reap, wd_reap);
	d->ring = kzalloc(PAGE_SIZE, GFP_KERNEL);
	return d->ring ? 0 : -ENOMEM;
}

static void wd_remove(struct platform_device *pdev)
{
	struct wd_dev *d = platform_get_drvdata(pdev);

	mutex_lock(&d->lock);
	d->dead = true;
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	mutex_unlock(&d->lock);
	queue_delayed_work(d->wq, &d->reap, 0);
}

static struct platform_driver wd_driver = { .probe = wd_probe, .remove = wd_remove };

/* Queued after the revoke in remove(), and also from an ioctl with no revoke. */
struct wi_dev {
	struct inode *inode;
	void *ring;
	bool dead;
	struct mutex lock;
	struct work_struct free_work;
};

static vm_fault_t wi_fault(struct vm_fault *vmf)
{
	struct wi_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&d->lock);
	if (!d->dead)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, PHYS_PFN(virt_to_phys(d->ring)) + vmf->pgoff);
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct wi_vm_ops = { .fault = wi_fault };

static void wi_free_work(struct work_struct *w)
{
	struct wi_dev *d = container_of(w, struct wi_dev, free_work);

	kfree(d->ring); /* expect: mapped-memory-freed the ioctl queues it with the ring mapped */
}

static long wi_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct wi_dev *d = f->private_data;

	schedule_work(&d->free_work);
	return 0;
}

static const struct file_operations wi_fops = { .unlocked_ioctl = wi_ioctl };

static int wi_probe(struct platform_device *pdev)
{
	struct wi_dev *d = platform_get_drvdata(pdev);

	INIT_WORK(&d->free_work, wi_free_work);
	d->ring = kzalloc(PAGE_SIZE, GFP_KERNEL);
	return d->ring ? 0 : -ENOMEM;
}

static void wi_remove(struct platform_device *pdev)
{
	struct wi_dev *d = platform_get_drvdata(pdev);

	mutex_lock(&d->lock);
	d->dead = true;
	mutex_unlock(&d->lock);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	schedule_work(&d->free_work);
}

static struct platform_driver wi_driver = { .probe = wi_probe, .remove = wi_remove };
