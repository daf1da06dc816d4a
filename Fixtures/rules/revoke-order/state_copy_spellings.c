#include <linux/mmlint_stub.h>
/*
 * The zap-then-state race with the state written and read in other spellings: the non-atomic
 * bit ops (__clear_bit), an exchange (atomic_xchg), smp_store_release() against a fault's
 * smp_load_acquire() (x86's asm-generic macros: a WRITE_ONCE store, a READ_ONCE copy in a
 * statement expression), and a fault that copies the state into a local before testing it.
 * All but the plain store and WRITE_ONCE were missed: the bit op and the exchange were not
 * state writes, and a state copied into a local was not read as the state. Quiet: the state
 * first.
 */

void __set_bit(long nr, unsigned long *addr);
void __clear_bit(long nr, unsigned long *addr);
bool test_bit(long nr, const unsigned long *addr);
int atomic_xchg(atomic_t *v, int n);
int atomic_cmpxchg(atomic_t *v, int o, int n);

#define RS_LIVE 0

struct rs_dev {
	void *buf;
	unsigned long flags;
	atomic_t state;
	bool dead, gone, off;
	int mode;
	struct inode *inode;
};

static vm_fault_t rs_fault(struct vm_fault *vmf)
{
	struct rs_dev *d = vmf->vma->vm_private_data;
	bool off = READ_ONCE(d->off);

	if (off)
		return VM_FAULT_SIGBUS;
	if (!test_bit(RS_LIVE, &d->flags) || READ_ONCE(d->dead) || smp_load_acquire(&d->gone) ||
	    atomic_read(&d->state) != 1 || d->mode == 0)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address, virt_to_phys(d->buf) >> PAGE_SHIFT);
}

static const struct vm_operations_struct rs_vm_ops = { .fault = rs_fault };

void rs_a(struct rs_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	__clear_bit(RS_LIVE, &d->flags); /* expect: revoke-order */
}

void rs_b(struct rs_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	WRITE_ONCE(d->dead, true); /* expect: revoke-order */
}

void rs_c(struct rs_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	smp_store_release(&d->gone, true); /* expect: revoke-order */
}

void rs_d(struct rs_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	atomic_xchg(&d->state, 0); /* expect: revoke-order */
}

void rs_e(struct rs_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	d->mode = 0; /* expect: revoke-order */
}

void rs_f(struct rs_dev *d)
{
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
	WRITE_ONCE(d->off, true); /* expect: revoke-order */
}

void rs_state_first(struct rs_dev *d)
{
	WRITE_ONCE(d->off, true); /* ok: revoke-order */
	__clear_bit(RS_LIVE, &d->flags); /* ok: revoke-order */
	synchronize_srcu(NULL);
	unmap_mapping_range(d->inode->i_mapping, 0, 0, 1);
}
