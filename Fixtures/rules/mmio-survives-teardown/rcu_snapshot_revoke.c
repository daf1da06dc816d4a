#include <linux/mmlint_stub.h>
/*
 * A fault-time BAR mapper (vfio-pci / panthor shape) whose liveness is an RCU-published
 * resource pointer: the fault maps the BAR only while rcu_dereference() finds the resource;
 * remove() unpublishes it, waits for RCU readers and zaps the file's mapping: a complete
 * revoke (state change, grace period, zap; the next fault sees NULL and fails). Must stay quiet.
 */

#define rcu_dereference(p) ({ typeof(*p) *________p1 = (typeof(*p) *)READ_ONCE(p); ((typeof(*p) *)(________p1)); })
#define rcu_assign_pointer(p, v) do { smp_store_release(&(p), (v)); } while (0)

struct pci_dev;
struct pci_driver {
	void (*remove)(struct pci_dev *pdev);
};
void *pci_get_drvdata(struct pci_dev *pdev);
void pci_release_regions(struct pci_dev *pdev);

struct mr_res {
	phys_addr_t bar;
};

struct mr_dev {
	struct mr_res *res;
	struct inode *inode;
};

static vm_fault_t mr_fault(struct vm_fault *vmf)
{
	struct mr_dev *d = vmf->vma->vm_private_data;
	struct mr_res *res;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	rcu_read_lock();
	res = rcu_dereference(d->res);
	if (res)
		ret = vmf_insert_pfn(vmf->vma, vmf->address, (res->bar >> PAGE_SHIFT) + vmf->pgoff); /* ok: mmio-survives-teardown revoked with state change grace period and zap */
	rcu_read_unlock();
	return ret;
}

static const struct vm_operations_struct mr_vm_ops = { .fault = mr_fault };

static int mr_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	vm_flags_set(vma, VM_IO | VM_PFNMAP);
	vma->vm_ops = &mr_vm_ops;
	vma->vm_private_data = f->private_data;
	return 0;
}

static const struct file_operations mr_fops = { .mmap = mr_mmap };

static void mr_remove(struct pci_dev *pdev)
{
	struct mr_dev *d = pci_get_drvdata(pdev);

	rcu_assign_pointer(d->res, NULL);
	synchronize_rcu();
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	pci_release_regions(pdev);
}

static struct pci_driver mr_driver = { .remove = mr_remove };
