#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: a count of the vmas (vm_ops->open up, ->close down) tested through a
 * predicate helper before the free (comedi 3.10's do_devconfig_detach(): `if
 * (is_device_busy(dev)) return -EBUSY;`, the helper returning 1 when any subdevice's
 * mmap_count is set). Its zero result comes only where every count it tested was zero: the
 * free runs with no vma left. Reported: a helper whose zero result also comes when a count
 * was set (it tests something else last), so the free may run under a mapping.
 */

void free_page(unsigned long addr);

struct cp_async {
	void *buf;
	unsigned int mmap_count;
};

struct cp_sub {
	struct cp_async *async;
	void *busy;
};

struct cp_dev {
	struct mutex mutex;
	int n;
	struct cp_sub *subs;
};

static void cp_vm_open(struct vm_area_struct *vma)
{
	struct cp_async *a = vma->vm_private_data;

	a->mmap_count++;
}

static void cp_vm_close(struct vm_area_struct *vma)
{
	struct cp_async *a = vma->vm_private_data;

	a->mmap_count--;
}

static const struct vm_operations_struct cp_vm_ops = {
	.open = cp_vm_open,
	.close = cp_vm_close,
};

static int cp_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct cp_sub *s = f->private_data;
	struct cp_async *a = s->async;
	int ret;

	ret = remap_pfn_range(vma, vma->vm_start, virt_to_phys(a->buf) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
	if (ret)
		return ret;
	vma->vm_ops = &cp_vm_ops;
	vma->vm_private_data = a;
	a->mmap_count++;
	return 0;
}

static int cp_busy(struct cp_dev *dev)
{
	int i;

	for (i = 0; i < dev->n; i++) {
		struct cp_sub *s = &dev->subs[i];

		if (s->busy)
			return 1;
		if (s->async && s->async->mmap_count)
			return 1;
	}
	return 0;
}

int cp_detach(struct cp_dev *dev)
{
	int i;

	if (cp_busy(dev))
		return -EBUSY;
	for (i = 0; i < dev->n; i++)
		free_page((unsigned long)dev->subs[i].async->buf); /* ok: mapped-memory-freed no subdevice is mapped */
	return 0;
}

/* Bug: the predicate answers 0 for a mapped subdevice that is not busy. */
static bool cq_busy(struct cp_dev *dev)
{
	int i;

	for (i = 0; i < dev->n; i++) {
		struct cp_sub *s = &dev->subs[i];

		if (s->async->mmap_count && s->busy)
			return true;
	}
	return false;
}

int cq_detach(struct cp_dev *dev)
{
	int i;

	if (cq_busy(dev))
		return -EBUSY;
	for (i = 0; i < dev->n; i++)
		free_page((unsigned long)dev->subs[i].async->buf); /* expect: mapped-memory-freed a mapped idle subdevice */
	return 0;
}
