#include <linux/mmlint_stub.h>
/*
 * revoke-order with the lookup-table state removed by storing NULL instead of erasing:
 * xa_store(&d->maps, id, NULL, gfp) erases an XArray entry, xa_cmpxchg(…, old, NULL, …) does
 * when it matches, idr_replace(&d->idr, NULL, id) keeps the id and drops the object. The
 * fault finds the entry with xa_load()/idr_find() under d->lock and inserts; zapping first
 * and storing NULL after lets a fault in between insert again. Storing an object is no
 * revoke. Fixed: the NULL store under the fault's lock, then the zap.
 */

struct xarray { void *head; };
void *xa_load(struct xarray *xa, unsigned long index);
void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
void *xa_cmpxchg(struct xarray *xa, unsigned long index, void *old, void *entry, gfp_t gfp);
void *idr_replace(struct idr *idr, void *ptr, unsigned long id);

struct nt_map {
	phys_addr_t phys;
};

struct nt_dev {
	struct xarray maps;
	struct idr idr;
	struct mutex lock;
	struct address_space *mapping;
};

static vm_fault_t nt_fault(struct vm_fault *vmf)
{
	struct nt_dev *d = vmf->vma->vm_private_data;
	struct nt_map *m;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&d->lock);
	m = xa_load(&d->maps, vmf->vma->vm_pgoff);
	if (m)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, PHYS_PFN(m->phys));
	mutex_unlock(&d->lock);
	return ret;
}

static vm_fault_t nt_idr_fault(struct vm_fault *vmf)
{
	struct nt_dev *d = vmf->vma->vm_private_data;
	struct nt_map *m;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&d->lock);
	m = idr_find(&d->idr, vmf->vma->vm_pgoff);
	if (m)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, PHYS_PFN(m->phys));
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct nt_vm_ops = { .fault = nt_fault };
static const struct vm_operations_struct nt_idr_vm_ops = { .fault = nt_idr_fault };

void nt_unmap(struct nt_dev *d, unsigned long id)
{
	unmap_mapping_range(d->mapping, id << PAGE_SHIFT, PAGE_SIZE, 1);
	mutex_lock(&d->lock);
	xa_store(&d->maps, id, NULL, GFP_KERNEL); /* expect: revoke-order */
	mutex_unlock(&d->lock);
}

void nt_unmap_cmpxchg(struct nt_dev *d, unsigned long id, struct nt_map *m)
{
	unmap_mapping_range(d->mapping, id << PAGE_SHIFT, PAGE_SIZE, 1);
	mutex_lock(&d->lock);
	xa_cmpxchg(&d->maps, id, m, NULL, GFP_KERNEL); /* expect: revoke-order */
	mutex_unlock(&d->lock);
}

void nt_idr_unmap(struct nt_dev *d, unsigned long id)
{
	unmap_mapping_range(d->mapping, id << PAGE_SHIFT, PAGE_SIZE, 1);
	mutex_lock(&d->lock);
	idr_replace(&d->idr, NULL, id); /* expect: revoke-order */
	mutex_unlock(&d->lock);
}

/* The NULL store in a helper of the file. */
static void nt_forget(struct nt_dev *d, unsigned long id)
{
	xa_store(&d->maps, id, NULL, GFP_KERNEL);
}

void nt_unmap_helper(struct nt_dev *d, unsigned long id)
{
	unmap_mapping_range(d->mapping, id << PAGE_SHIFT, PAGE_SIZE, 1);
	mutex_lock(&d->lock);
	nt_forget(d, id); /* expect: revoke-order */
	mutex_unlock(&d->lock);
}

/* Replacing the entry with a new object after zapping the old one's pages: no revoke. */
void nt_remap(struct nt_dev *d, unsigned long id, struct nt_map *fresh)
{
	unmap_mapping_range(d->mapping, id << PAGE_SHIFT, PAGE_SIZE, 1);
	mutex_lock(&d->lock);
	xa_store(&d->maps, id, fresh, GFP_KERNEL); /* ok: revoke-order */
	mutex_unlock(&d->lock);
}

void nt_unmap_fixed(struct nt_dev *d, unsigned long id)
{
	mutex_lock(&d->lock);
	xa_store(&d->maps, id, NULL, GFP_KERNEL); /* ok: revoke-order */
	mutex_unlock(&d->lock);
	unmap_mapping_range(d->mapping, id << PAGE_SHIFT, PAGE_SIZE, 1);
}
