#include <linux/mmlint_stub.h>
/*
 * revoke-order in a single-instance driver: the state the fault tests is a file-scope variable,
 * not a struct member. Set after the zap, a fault between the two re-inserts the PTE
 * (reported); set first, then a grace period, then the zap (not reported). A global the fault
 * never tests is no state.
 */

static bool gs_dead;
static int gs_opens;
static phys_addr_t gs_bar;
static struct inode *gs_inode;
static struct srcu_struct gs_srcu;

static vm_fault_t gs_fault(struct vm_fault *vmf)
{
	if (READ_ONCE(gs_dead))
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, gs_bar >> PAGE_SHIFT);
}

static const struct vm_operations_struct gs_vm_ops = { .fault = gs_fault };

void gs_remove(void)
{
	unmap_mapping_range(gs_inode->i_mapping, 0, 0, 1);
	gs_opens = 0; /* ok: revoke-order (the fault does not test it) */
	gs_dead = true; /* expect: revoke-order */
}

void gs_remove_fixed(void)
{
	WRITE_ONCE(gs_dead, true); /* ok: revoke-order */
	synchronize_srcu(&gs_srcu);
	unmap_mapping_range(gs_inode->i_mapping, 0, 0, 1);
}
