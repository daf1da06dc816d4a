#include <linux/mmlint_stub.h>
/*
 * A remove() that zaps every vma its ->mmap tracked (rdma's uverbs_user_mmap_disassociate()
 * shape: each vma recorded under the device lock, the walk zaps them all) before it frees:
 * the only way around the zap is the walk's own exit, and an empty list has no mapping to zap.
 * Spelled with list_for_each_entry() and with an array walk. Reported still: the walk behind
 * a test that can skip it.
 */

struct zw_map {
	struct list_head node;
	struct vm_area_struct *vma;
};

struct zw_dev {
	struct mutex lock;
	struct list_head maps;
	struct vm_area_struct *vmas[8];
	int nr;
	bool dead;
	bool force;
	void *buf;
};

static int zw_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct zw_dev *d = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(d->buf) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static const struct file_operations zw_fops = { .mmap = zw_mmap };

void zw_remove(struct zw_dev *d)
{
	struct zw_map *m;

	mutex_lock(&d->lock);
	d->dead = true;
	list_for_each_entry(m, &d->maps, node)
		zap_vma_ptes(m->vma, m->vma->vm_start, m->vma->vm_end - m->vma->vm_start);
	mutex_unlock(&d->lock);
	kfree(d->buf); /* ok: mapped-memory-freed */
}

void zw_remove_array(struct zw_dev *d)
{
	int i;

	mutex_lock(&d->lock);
	d->dead = true;
	for (i = 0; i < d->nr; i++)
		zap_vma_ptes(d->vmas[i], d->vmas[i]->vm_start, d->vmas[i]->vm_end - d->vmas[i]->vm_start);
	mutex_unlock(&d->lock);
	kfree(d->buf); /* ok: mapped-memory-freed */
}

void zw_remove_maybe(struct zw_dev *d)
{
	struct zw_map *m;

	mutex_lock(&d->lock);
	d->dead = true;
	if (d->force) {
		list_for_each_entry(m, &d->maps, node)
			zap_vma_ptes(m->vma, m->vma->vm_start, m->vma->vm_end - m->vma->vm_start);
	}
	mutex_unlock(&d->lock);
	kfree(d->buf); /* expect: mapped-memory-freed */
}
