#include <linux/mmlint_stub.h>
/*
 * revoke-order where the revoke walks every open context (ocxl_context_detach_all(),
 * uacce_remove(), cxl's context list): each context has its own mapping and its own status.
 * Inside the loop body the zap of this context comes before the store to this context's
 * status: a fault on that context between the two re-inserts. The loop's back edge makes the
 * store of one iteration reach the zap of the next (another context) — that is not a state
 * change before *its* zap. Fixed twin: status first under the context's lock (the fault tests
 * and inserts under it), then the zap.
 */

enum lc_status { LC_OPENED, LC_ATTACHED, LC_CLOSED };

struct lc_ctx {
	struct list_head node;
	struct mutex status_mutex;
	enum lc_status status;
	struct address_space *mapping;
	phys_addr_t mmio;
};

struct lc_afu {
	struct mutex contexts_lock;
	struct list_head contexts;
};

static vm_fault_t lc_fault(struct vm_fault *vmf)
{
	struct lc_ctx *ctx = vmf->vma->vm_private_data;
	vm_fault_t ret;

	mutex_lock(&ctx->status_mutex);
	if (ctx->status != LC_ATTACHED) {
		mutex_unlock(&ctx->status_mutex);
		return VM_FAULT_SIGBUS;
	}
	ret = vmf_insert_pfn(vmf->vma, vmf->address, PHYS_PFN(ctx->mmio) + vmf->pgoff);
	mutex_unlock(&ctx->status_mutex);
	return ret;
}

static const struct vm_operations_struct lc_vm_ops = { .fault = lc_fault };

/* BUG: per context, zap then status */
void lc_detach_all(struct lc_afu *afu)
{
	struct lc_ctx *ctx;

	mutex_lock(&afu->contexts_lock);
	list_for_each_entry(ctx, &afu->contexts, node) {
		if (ctx->mapping)
			unmap_mapping_range(ctx->mapping, 0, 0, 1);
		mutex_lock(&ctx->status_mutex);
		ctx->status = LC_CLOSED; /* expect: revoke-order */
		mutex_unlock(&ctx->status_mutex);
	}
	mutex_unlock(&afu->contexts_lock);
}

/* FIXED: per context, status then zap */
void lc_detach_all_fixed(struct lc_afu *afu)
{
	struct lc_ctx *ctx;

	mutex_lock(&afu->contexts_lock);
	list_for_each_entry(ctx, &afu->contexts, node) {
		mutex_lock(&ctx->status_mutex);
		ctx->status = LC_CLOSED; /* ok: revoke-order */
		mutex_unlock(&ctx->status_mutex);
		if (ctx->mapping)
			unmap_mapping_range(ctx->mapping, 0, 0, 1);
	}
	mutex_unlock(&afu->contexts_lock);
}

