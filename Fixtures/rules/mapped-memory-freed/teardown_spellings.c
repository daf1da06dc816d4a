#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed where the free sits in other teardown spellings, each with a pfn mapping
 * (no page reference) still in place and no zap: a devm action run at unbind, a walk of a list
 * of chunks the fault inserts from, and a work item remove() queues. (Found already: kept so
 * that they stay found.)
 */

/* The buffer is released by a devm action at unbind; ->mmap remap_pfn_range()s it, no revoke. */
int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data);
void *kzalloc(size_t size, gfp_t flags);
struct da_dev { struct device *dev; void *buf; };

static void da_free_buf(void *data)
{
	struct da_dev *d = data;

	kfree(d->buf); /* expect: mapped-memory-freed */
}

static int da_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct da_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT,
			       PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations da_fops = { .mmap = da_mmap };

int da_probe(struct da_dev *d)
{
	d->buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!d->buf)
		return -ENOMEM;
	return devm_add_action_or_reset(d->dev, da_free_buf, d);
}

/* Chunks kept on a list: the fault finds one and inserts its page; remove() walks the list and frees. */
struct lc_chunk { struct list_head node; pgoff_t index; struct page *page; };
struct lc_dev { struct list_head chunks; };

static vm_fault_t lc_fault(struct vm_fault *vmf)
{
	struct lc_dev *d = vmf->vma->vm_private_data;
	struct lc_chunk *c;

	list_for_each_entry(c, &d->chunks, node)
		if (c->index == vmf->pgoff)
			return vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(c->page));
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct lc_vm_ops = { .fault = lc_fault };

void lc_remove(struct platform_device *pdev)
{
	struct lc_dev *d = platform_get_drvdata(pdev);
	struct lc_chunk *c;

	list_for_each_entry(c, &d->chunks, node)
		__free_page(c->page); /* expect: mapped-memory-freed */
}

/* remove() defers the free to a work item; no mapping is revoked. */
struct wf_dev { void *buf; struct work_struct free_work; };

static void wf_free_work(struct work_struct *w)
{
	struct wf_dev *d = container_of(w, struct wf_dev, free_work);

	kfree(d->buf); /* expect: mapped-memory-freed */
}

static vm_fault_t wf_fault(struct vm_fault *vmf)
{
	struct wf_dev *d = vmf->vma->vm_private_data;

	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(d->buf) >> PAGE_SHIFT);
}

static const struct vm_operations_struct wf_vm_ops = { .fault = wf_fault };

void wf_init(struct wf_dev *d)
{
	INIT_WORK(&d->free_work, wf_free_work);
}

void wf_remove(struct platform_device *pdev)
{
	struct wf_dev *d = platform_get_drvdata(pdev);

	schedule_work(&d->free_work);
}
