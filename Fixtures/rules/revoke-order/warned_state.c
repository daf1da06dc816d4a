#include <linux/mmlint_stub.h>
/*
 * revoke-order judges the state a mapping path tests to decide what it maps. A test whose two
 * sides rejoin with nothing between but a warning (vc4_fault() in 5.4: `WARN_ON(bo->madv !=
 * __VC4_MADV_PURGED); return VM_FAULT_SIGBUS;`, a fault that never inserts) decides nothing: a
 * store to that state after a zap is no revoke out of order. Spelled with WARN_ON(), with an
 * open-coded `if (…) __warn();`, and beside a fault that does test the state before inserting
 * (still reported), and one that stores the test's outcome for later (`if (d->alive) pfn =
 * d->pfn;`: a decision).
 */

struct ws_bo {
	int madv;
	int state;
	unsigned long pfn;
	struct mutex lock;
	struct inode *inode;
};

#define WS_PURGED	2
#define WS_LIVE		1

static vm_fault_t ws_fault_warn(struct vm_fault *vmf)
{
	struct ws_bo *bo = vmf->vma->vm_private_data;

	mutex_lock(&bo->lock);
	WARN_ON(bo->madv != WS_PURGED);
	mutex_unlock(&bo->lock);
	return VM_FAULT_SIGBUS;
}

static vm_fault_t ws_fault_open_warn(struct vm_fault *vmf)
{
	struct ws_bo *bo = vmf->vma->vm_private_data;

	if (bo->madv != WS_PURGED)
		__warn();
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct ws_vm_ops = { .fault = ws_fault_warn };
static const struct vm_operations_struct ws_vm_ops2 = { .fault = ws_fault_open_warn };

void ws_purge(struct ws_bo *bo)
{
	unmap_mapping_range(bo->inode->i_mapping, 0, 0, 1);
	bo->madv = WS_PURGED; /* ok: revoke-order no mapping path decides on it */
}

static vm_fault_t ws_fault_state(struct vm_fault *vmf)
{
	struct ws_bo *bo = vmf->vma->vm_private_data;
	unsigned long pfn = 0;

	if (bo->state == WS_LIVE)
		pfn = bo->pfn;
	if (!pfn)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, pfn);
}

static const struct vm_operations_struct ws_vm_ops3 = { .fault = ws_fault_state };

void ws_kill(struct ws_bo *bo)
{
	unmap_mapping_range(bo->inode->i_mapping, 0, 0, 1);
	bo->state = 0; /* expect: revoke-order the fault maps while the state is live */
}
