#include <linux/mmlint_stub.h>
/*
 * A remove() that waits until a count of the open files drains frees after the last mapping
 * (a vma pins its file, so the file's release comes after the last unmap). hisi qm's shape:
 * the queue each open file gets counts qp_in_used up, the release (through ->put_queue) counts
 * it down, and the drivers' remove polls it through a helper (`while (qm_frozen(qm)) msleep()`)
 * before hisi_qm_uninit() frees the queues' DMA memory. Spelled three ways that drain, and
 * six that do not: a wait a signal ends, a wait with a timeout, a count something else counts
 * down too, a count no ->open counts up, a free before the wait, a wait on some paths only.
 */
void *kzalloc(size_t size, gfp_t flags);

/* 1. hisi qm: a queue per open file, a helper that tests the count, a polling loop. */
struct hq_qm { struct device *dev; int qp_in_used; int qp_num; void *va; dma_addr_t dma; size_t size; };
struct hq_ops { int (*get_queue)(struct hq_qm *qm); void (*put_queue)(struct hq_qm *qm); };

static int hq_create_qp(struct hq_qm *qm)
{
	if (qm->qp_in_used == qm->qp_num)
		return -EBUSY;
	qm->qp_in_used++;
	return 0;
}

static void hq_release_qp(struct hq_qm *qm)
{
	qm->qp_in_used--;
}

static int hq_get_queue(struct hq_qm *qm) { return hq_create_qp(qm); }
static void hq_put_queue(struct hq_qm *qm) { hq_release_qp(qm); }
static const struct hq_ops hq_qm_ops = { .get_queue = hq_get_queue, .put_queue = hq_put_queue };

struct hq_file { struct hq_qm *qm; const struct hq_ops *ops; };

static int hq_open(struct inode *inode, struct file *f)
{
	struct hq_file *q = f->private_data;

	return q->ops->get_queue(q->qm);
}

static int hq_release(struct inode *inode, struct file *f)
{
	struct hq_file *q = f->private_data;

	q->ops->put_queue(q->qm);
	return 0;
}

static int hq_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct hq_file *q = f->private_data;

	return dma_mmap_coherent(q->qm->dev, vma, q->qm->va, q->qm->dma, q->qm->size);
}

static const struct file_operations hq_fops = { .open = hq_open, .release = hq_release, .mmap = hq_mmap };

static int hq_frozen(struct hq_qm *qm)
{
	if (!qm->qp_in_used) {
		qm->qp_in_used = qm->qp_num;	/* no new queue from now on */
		return 0;
	}
	return -EBUSY;
}

void hq_wait_task_finish(struct hq_qm *qm)
{
	while (hq_frozen(qm))
		msleep(10);
}

static void hq_memory_uninit(struct hq_qm *qm)
{
	dma_free_coherent(qm->dev, qm->size, qm->va, qm->dma); /* ok: mapped-memory-freed */
}

void hq_uninit(struct hq_qm *qm)
{
	hq_memory_uninit(qm);
}

void hq_remove(struct platform_device *pdev)
{
	struct hq_qm *qm = platform_get_drvdata(pdev);

	hq_wait_task_finish(qm);
	hq_uninit(qm);
}

/* 2. An atomic count of the open files, polled with usleep_range(). */
struct ha_dev { struct device *dev; atomic_t users; void *buf; };

static int ha_open(struct inode *inode, struct file *f)
{
	struct ha_dev *d = f->private_data;

	atomic_inc(&d->users);
	return 0;
}

static int ha_release(struct inode *inode, struct file *f)
{
	struct ha_dev *d = f->private_data;

	atomic_dec(&d->users);
	return 0;
}

static int ha_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct ha_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations ha_fops = { .open = ha_open, .release = ha_release, .mmap = ha_mmap };

void ha_remove(struct platform_device *pdev)
{
	struct ha_dev *d = platform_get_drvdata(pdev);

	while (atomic_read(&d->users) > 0)
		usleep_range(100, 200);
	kfree(d->buf); /* ok: mapped-memory-freed */
}

/* 3. wait_event() on the count the release wakes it for. */
struct hw_dev { struct device *dev; atomic_t users; wait_queue_head_t wq; void *buf; };

static int hw_open(struct inode *inode, struct file *f)
{
	struct hw_dev *d = f->private_data;

	atomic_inc(&d->users);
	return 0;
}

static int hw_release(struct inode *inode, struct file *f)
{
	struct hw_dev *d = f->private_data;

	if (atomic_dec_and_test(&d->users))
		wake_up(&d->wq);
	return 0;
}

static int hw_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct hw_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations hw_fops = { .open = hw_open, .release = hw_release, .mmap = hw_mmap };

void hw_remove(struct platform_device *pdev)
{
	struct hw_dev *d = platform_get_drvdata(pdev);

	wait_event(d->wq, !atomic_read(&d->users));
	kfree(d->buf); /* ok: mapped-memory-freed */
}

/* 4. wait_event_interruptible(): a signal ends the wait with files still open. */
struct hi_dev { struct device *dev; atomic_t users; wait_queue_head_t wq; void *buf; };

static int hi_open(struct inode *inode, struct file *f)
{
	struct hi_dev *d = f->private_data;

	atomic_inc(&d->users);
	return 0;
}

static int hi_release(struct inode *inode, struct file *f)
{
	struct hi_dev *d = f->private_data;

	if (atomic_dec_and_test(&d->users))
		wake_up(&d->wq);
	return 0;
}

static int hi_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct hi_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations hi_fops = { .open = hi_open, .release = hi_release, .mmap = hi_mmap };

void hi_remove(struct platform_device *pdev)
{
	struct hi_dev *d = platform_get_drvdata(pdev);

	wait_event_interruptible(d->wq, !atomic_read(&d->users));
	kfree(d->buf); /* expect: mapped-memory-freed */
}

/* 5. A poll that gives up after a while (the tries counted in a local). */
struct ht_dev { struct device *dev; atomic_t users; void *buf; };

static int ht_open(struct inode *inode, struct file *f)
{
	struct ht_dev *d = f->private_data;

	atomic_inc(&d->users);
	return 0;
}

static int ht_release(struct inode *inode, struct file *f)
{
	struct ht_dev *d = f->private_data;

	atomic_dec(&d->users);
	return 0;
}

static int ht_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct ht_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations ht_fops = { .open = ht_open, .release = ht_release, .mmap = ht_mmap };

void ht_remove(struct platform_device *pdev)
{
	struct ht_dev *d = platform_get_drvdata(pdev);
	int tries = 100;

	while (atomic_read(&d->users) && --tries)
		msleep(10);
	kfree(d->buf); /* expect: mapped-memory-freed */
}

/* 6. The count is counted down by an ioctl too: it drains with files still open. */
struct hc_dev { struct device *dev; int users; void *buf; };

static int hc_open(struct inode *inode, struct file *f)
{
	struct hc_dev *d = f->private_data;

	d->users++;
	return 0;
}

static int hc_release(struct inode *inode, struct file *f)
{
	struct hc_dev *d = f->private_data;

	d->users--;
	return 0;
}

static long hc_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct hc_dev *d = f->private_data;

	d->users -= 1;	/* "detach": the file stays open, and mapped */
	return 0;
}

static int hc_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct hc_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations hc_fops = { .open = hc_open, .release = hc_release, .unlocked_ioctl = hc_ioctl,
						 .mmap = hc_mmap };

void hc_remove(struct platform_device *pdev)
{
	struct hc_dev *d = platform_get_drvdata(pdev);

	while (d->users)
		msleep(10);
	kfree(d->buf); /* expect: mapped-memory-freed */
}

/* 7. A count of jobs, not of files: an ioctl counts it up, nothing in ->open does. */
struct hj_dev { struct device *dev; atomic_t jobs; void *buf; };

static long hj_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct hj_dev *d = f->private_data;

	atomic_inc(&d->jobs);
	return 0;
}

static int hj_release(struct inode *inode, struct file *f)
{
	struct hj_dev *d = f->private_data;

	atomic_dec(&d->jobs);
	return 0;
}

static int hj_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct hj_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations hj_fops = { .unlocked_ioctl = hj_ioctl, .release = hj_release, .mmap = hj_mmap };

void hj_remove(struct platform_device *pdev)
{
	struct hj_dev *d = platform_get_drvdata(pdev);

	while (atomic_read(&d->jobs))
		msleep(10);
	kfree(d->buf); /* expect: mapped-memory-freed */
}

/* 8. The free comes before the wait. */
struct hb_dev { struct device *dev; atomic_t users; void *buf; };

static int hb_open(struct inode *inode, struct file *f)
{
	struct hb_dev *d = f->private_data;

	atomic_inc(&d->users);
	return 0;
}

static int hb_release(struct inode *inode, struct file *f)
{
	struct hb_dev *d = f->private_data;

	atomic_dec(&d->users);
	return 0;
}

static int hb_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct hb_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations hb_fops = { .open = hb_open, .release = hb_release, .mmap = hb_mmap };

static void hb_free(struct hb_dev *d)
{
	kfree(d->buf); /* expect: mapped-memory-freed */
}

void hb_remove(struct platform_device *pdev)
{
	struct hb_dev *d = platform_get_drvdata(pdev);

	hb_free(d);
	while (atomic_read(&d->users))
		msleep(10);
}

/* 9. The wait on one path only: a forced remove skips it. */
struct hs_dev { struct device *dev; atomic_t users; bool force; void *buf; };

static int hs_open(struct inode *inode, struct file *f)
{
	struct hs_dev *d = f->private_data;

	atomic_inc(&d->users);
	return 0;
}

static int hs_release(struct inode *inode, struct file *f)
{
	struct hs_dev *d = f->private_data;

	atomic_dec(&d->users);
	return 0;
}

static int hs_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct hs_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations hs_fops = { .open = hs_open, .release = hs_release, .mmap = hs_mmap };

static void hs_free(struct hs_dev *d)
{
	kfree(d->buf); /* expect: mapped-memory-freed */
}

void hs_remove(struct platform_device *pdev)
{
	struct hs_dev *d = platform_get_drvdata(pdev);

	if (!d->force) {
		while (atomic_read(&d->users))
			msleep(10);
	}
	hs_free(d);
}
