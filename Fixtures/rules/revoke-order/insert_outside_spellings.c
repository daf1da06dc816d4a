#include <linux/mmlint_stub.h>
/*
 * revoke-order: the fault tests the state under a lock and inserts after dropping it, so a
 * revoke whose state change and zap share one section of that lock — in either order — still
 * leaves a fault that tested before the section free to insert after it. ocxl's AFU irqs
 * (6.12 drivers/misc/ocxl: context.c map_afu_irq() inserts after ocxl_afu_irq_get_addr(),
 * afu_irq.c, looked the irq up under irq_lock and dropped it; ocxl_afu_irq_free() removes the
 * irq from the IDR and zaps under irq_lock), an XArray, a flag under a mutex. Fixed: the
 * insert inside the section the test holds.
 */

struct xarray { void *xa_head; };
void *xa_load(struct xarray *xa, unsigned long index);
void *xa_erase(struct xarray *xa, unsigned long index);

/* ocxl's shape: the lookup in a callee under the lock, the insert in its caller after it. */
struct ox_irq {
	int id;
	u64 trigger_page;
};

struct ox_ctx {
	struct mutex irq_lock;
	struct idr irq_idr;
	struct address_space *mapping;
};

static u64 ox_irq_get_addr(struct ox_ctx *ctx, int irq_id)
{
	struct ox_irq *irq;
	u64 addr = 0;

	mutex_lock(&ctx->irq_lock);
	irq = idr_find(&ctx->irq_idr, irq_id);
	if (irq)
		addr = irq->trigger_page;
	mutex_unlock(&ctx->irq_lock);
	return addr;
}

static vm_fault_t ox_map_irq(struct vm_area_struct *vma, unsigned long address, int irq_id, struct ox_ctx *ctx)
{
	u64 trigger_addr = ox_irq_get_addr(ctx, irq_id);

	if (!trigger_addr)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vma, address, trigger_addr >> PAGE_SHIFT);
}

static vm_fault_t ox_fault(struct vm_fault *vmf)
{
	struct ox_ctx *ctx = vmf->vma->vm_private_data;

	return ox_map_irq(vmf->vma, vmf->address, (vmf->address >> PAGE_SHIFT), ctx);
}

static const struct vm_operations_struct ox_vm_ops = { .fault = ox_fault };

static void ox_irq_release(struct ox_irq *irq, struct ox_ctx *ctx)
{
	if (ctx->mapping)
		unmap_mapping_range(ctx->mapping, irq->id << PAGE_SHIFT, PAGE_SIZE, 1);
	kfree(irq);
}

int ox_irq_free(struct ox_ctx *ctx, int irq_id)
{
	struct ox_irq *irq;

	mutex_lock(&ctx->irq_lock);
	irq = idr_find(&ctx->irq_idr, irq_id);
	if (!irq) {
		mutex_unlock(&ctx->irq_lock);
		return -EINVAL;
	}
	idr_remove(&ctx->irq_idr, irq->id); /* expect: revoke-order replay=confirmed */
	ox_irq_release(irq, ctx);
	mutex_unlock(&ctx->irq_lock);
	return 0;
}

/* Fixed: the lookup and the insert in one section of the lock the revoke takes. */
struct oy_ctx {
	struct mutex irq_lock;
	struct idr irq_idr;
	struct address_space *mapping;
};

static vm_fault_t oy_fault(struct vm_fault *vmf)
{
	struct oy_ctx *ctx = vmf->vma->vm_private_data;
	struct ox_irq *irq;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&ctx->irq_lock);
	irq = idr_find(&ctx->irq_idr, (vmf->address >> PAGE_SHIFT));
	if (irq)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, irq->trigger_page >> PAGE_SHIFT);
	mutex_unlock(&ctx->irq_lock);
	return ret;
}

static const struct vm_operations_struct oy_vm_ops = { .fault = oy_fault };

int oy_irq_free(struct oy_ctx *ctx, int irq_id)
{
	struct ox_irq *irq;

	mutex_lock(&ctx->irq_lock);
	irq = idr_find(&ctx->irq_idr, irq_id);
	if (!irq) {
		mutex_unlock(&ctx->irq_lock);
		return -EINVAL;
	}
	idr_remove(&ctx->irq_idr, irq->id); /* ok: revoke-order */
	if (ctx->mapping)
		unmap_mapping_range(ctx->mapping, irq->id << PAGE_SHIFT, PAGE_SIZE, 1);
	mutex_unlock(&ctx->irq_lock);
	kfree(irq);
	return 0;
}

/* An XArray: xa_load() tested under a spinlock, the insert after it; the revoke erases, then zaps. */
struct xw_dev {
	spinlock_t lock;
	struct xarray pages;
	struct inode *inode;
};

static vm_fault_t xw_fault(struct vm_fault *vmf)
{
	struct xw_dev *d = vmf->vma->vm_private_data;
	unsigned long *entry, pfn = 0;

	spin_lock(&d->lock);
	entry = xa_load(&d->pages, vmf->address >> PAGE_SHIFT);
	if (entry)
		pfn = *entry;
	spin_unlock(&d->lock);
	if (!pfn)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, pfn);
}

static const struct vm_operations_struct xw_vm_ops = { .fault = xw_fault };

void xw_revoke(struct xw_dev *d, unsigned long index)
{
	spin_lock(&d->lock);
	xa_erase(&d->pages, index); /* expect: revoke-order replay=confirmed */
	unmap_mapping_range(d->inode->i_mapping, index << PAGE_SHIFT, PAGE_SIZE, 1);
	spin_unlock(&d->lock);
}

/* A flag member tested under a mutex, the insert after the unlock; the revoke: flag, then zap. */
struct mf_dev {
	struct mutex lock;
	bool attached;
	unsigned long pfn;
	struct inode *inode;
};

static vm_fault_t mf_fault(struct vm_fault *vmf)
{
	struct mf_dev *d = vmf->vma->vm_private_data;

	mutex_lock(&d->lock);
	if (!d->attached) {
		mutex_unlock(&d->lock);
		return VM_FAULT_SIGBUS;
	}
	mutex_unlock(&d->lock);
	return vmf_insert_pfn(vmf->vma, vmf->address, d->pfn);
}

static const struct vm_operations_struct mf_vm_ops = { .fault = mf_fault };

void mf_detach(struct mf_dev *d)
{
	mutex_lock(&d->lock);
	d->attached = false; /* expect: revoke-order replay=confirmed */
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	mutex_unlock(&d->lock);
}

/* Fixed: the flag tested and the pfn inserted in one section of the mutex. */
struct mg_dev {
	struct mutex lock;
	bool attached;
	unsigned long pfn;
	struct inode *inode;
};

static vm_fault_t mg_fault(struct vm_fault *vmf)
{
	struct mg_dev *d = vmf->vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	mutex_lock(&d->lock);
	if (d->attached)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, d->pfn);
	mutex_unlock(&d->lock);
	return ret;
}

static const struct vm_operations_struct mg_vm_ops = { .fault = mg_fault };

void mg_detach(struct mg_dev *d)
{
	mutex_lock(&d->lock);
	d->attached = false; /* ok: revoke-order */
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	mutex_unlock(&d->lock);
}
