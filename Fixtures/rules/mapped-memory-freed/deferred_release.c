#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: a function that runs after every mapping is gone (the file's ->release,
 * the release a last kref_put runs) often defers the teardown: it sets up a work item and
 * queues it (amdkfd's kfd_process_ref_release() → INIT_WORK(&p->release_work,
 * kfd_process_wq_release) + queue_work(), whose work frees the signal page and the CWSR area
 * kfd_event_mmap()/kfd_reserved_mem_mmap() mapped; 6.12 kfd_process.c:1205-1211). A function
 * that only such functions name (store or pass as a value) and nothing else calls can only run
 * after them: after every mapping too. Formerly two false warnings on 6.12 and 6.1 (kfd_events.c
 * shutdown_signal_page(), kfd_process.c kfd_process_destroy_pdds()).
 * Still judged: the same work set up in a path that can run while mapped (remove()), or named
 * by one too.
 */

struct dr_proc {
	struct kref ref;
	struct work_struct release_work;
	void *page;
	size_t size;
};

extern struct workqueue_struct *dr_wq;
unsigned long vmalloc_to_pfn(const void *addr);

/* 1. The kref release defers the free to a work item: safe. */
static void dr_free_page(struct dr_proc *p)
{
	free_pages((unsigned long)p->page, 0); /* ok: mapped-memory-freed */
}

static void dr_wq_release(struct work_struct *work)
{
	struct dr_proc *p = container_of(work, struct dr_proc, release_work);

	dr_free_page(p);
	kfree(p);
}

static void dr_ref_release(struct kref *ref)
{
	struct dr_proc *p = container_of(ref, struct dr_proc, ref);

	INIT_WORK(&p->release_work, dr_wq_release);
	queue_work(dr_wq, &p->release_work);
}

void dr_unref(struct dr_proc *p)
{
	kref_put(&p->ref, dr_ref_release);
}

static int dr_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct dr_proc *p = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(p->page) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static int dr_release(struct inode *inode, struct file *f)
{
	dr_unref(f->private_data);
	return 0;
}

static const struct file_operations dr_fops = {
	.mmap = dr_mmap,
	.release = dr_release,
};

/* 2. The same deferral from ->release itself (schedule_work): safe. */
struct ds_dev {
	struct work_struct teardown;
	void *buf;
};

static void ds_teardown(struct work_struct *work)
{
	struct ds_dev *d = container_of(work, struct ds_dev, teardown);

	vfree(d->buf); /* ok: mapped-memory-freed */
}

static int ds_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct ds_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, vmalloc_to_pfn(d->buf), PAGE_SIZE, vma->vm_page_prot);
}

static int ds_release(struct inode *inode, struct file *f)
{
	struct ds_dev *d = f->private_data;

	INIT_WORK(&d->teardown, ds_teardown);
	schedule_work(&d->teardown);
	return 0;
}

static const struct file_operations ds_fops = {
	.mmap = ds_mmap,
	.release = ds_release,
};

/* 3. The work is also set up by remove(), which runs while the file may be mapped. */
struct dw_dev {
	struct work_struct teardown;
	void *buf;
};

static void dw_teardown(struct work_struct *work)
{
	struct dw_dev *d = container_of(work, struct dw_dev, teardown);

	vfree(d->buf); /* expect: mapped-memory-freed */
}

static int dw_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct dw_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, vmalloc_to_pfn(d->buf), PAGE_SIZE, vma->vm_page_prot);
}

static int dw_release(struct inode *inode, struct file *f)
{
	struct dw_dev *d = f->private_data;

	INIT_WORK(&d->teardown, dw_teardown);
	schedule_work(&d->teardown);
	return 0;
}

void dw_remove(struct dw_dev *d)
{
	INIT_WORK(&d->teardown, dw_teardown);
	schedule_work(&d->teardown);
}

static const struct file_operations dw_fops = {
	.mmap = dw_mmap,
	.release = dw_release,
};

/* 4. Set up only by the release, but also called directly from remove(). */
struct dc_dev {
	struct work_struct teardown;
	void *buf;
};

static void dc_teardown(struct work_struct *work)
{
	struct dc_dev *d = container_of(work, struct dc_dev, teardown);

	vfree(d->buf); /* expect: mapped-memory-freed */
}

static int dc_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct dc_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, vmalloc_to_pfn(d->buf), PAGE_SIZE, vma->vm_page_prot);
}

static int dc_release(struct inode *inode, struct file *f)
{
	struct dc_dev *d = f->private_data;

	INIT_WORK(&d->teardown, dc_teardown);
	schedule_work(&d->teardown);
	return 0;
}

void dc_remove(struct dc_dev *d)
{
	dc_teardown(&d->teardown);
}

static const struct file_operations dc_fops = {
	.mmap = dc_mmap,
	.release = dc_release,
};
