#include <linux/mmlint_stub.h>
/*
 * mmgrab-only-access: members that name the creating process's mm.
 * s390 KVM (6.12): kvm_create_vm stores `kvm->mm = current->mm` with mmgrab();
 * kvm_arch_init_vm stores `kvm->arch.gmap = gmap_create(current->mm, …)` and
 * gmap_create keeps its parameter in `gmap->mm` with no reference of its own.
 * Every store of each member is the storing task's own mm, so after the
 * ioctl's owner check (`if (kvm->mm != current->mm) return -EIO;`) both run
 * on the running task's mm: gmap operations reached from the ioctl are safe.
 * Without the owner check, or when the sub-object's member is also stored
 * from something else, nothing proves it.
 */

struct ow_space {
	struct mm_struct *mm;
	unsigned long limit;
};

struct ow_vm {
	struct mm_struct *mm;
	struct ow_space *space;
	struct page *page;
	int dead;
};

struct ow_space *ow_space_create(struct mm_struct *mm, unsigned long limit)
{
	struct ow_space *sp = kzalloc(sizeof(*sp), GFP_KERNEL);

	if (!sp)
		return NULL;
	sp->mm = mm;
	sp->limit = limit;
	return sp;
}

static int ow_space_fault(struct ow_space *sp, unsigned long addr, struct page **p)
{
	return get_user_pages_remote(sp->mm, addr, 1, FOLL_WRITE, p, NULL);
}

static int ow_arch_init(struct ow_vm *vm)
{
	vm->space = ow_space_create(current->mm, ~0UL);
	return vm->space ? 0 : -ENOMEM;
}

int ow_vm_create(struct file *filp)
{
	struct ow_vm *vm = kzalloc(sizeof(*vm), GFP_KERNEL);

	if (!vm)
		return -ENOMEM;
	mmgrab(current->mm);
	vm->mm = current->mm;
	if (ow_arch_init(vm))
		return -ENOMEM;
	filp->private_data = vm;
	return 0;
}

long ow_vm_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct ow_vm *vm = filp->private_data;

	if (vm->mm != current->mm || vm->dead)
		return -EIO;
	return ow_space_fault(vm->space, arg, &vm->page); /* ok: mmgrab-only-access */
}

long ow_vm_ioctl_unchecked(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct ow_vm *vm = filp->private_data;

	if (vm->dead)
		return -EIO;
	return ow_space_fault(vm->space, arg, &vm->page); /* expect: mmgrab-only-access */
}

/* A sub-object whose mm is also stored from a foreign task: not the owner's. */
struct ow_other {
	struct mm_struct *mm;
};

struct ow_vm2 {
	struct mm_struct *mm;
	struct ow_other *other;
	struct page *page;
};

void ow_other_set_current(struct ow_other *o)
{
	o->mm = current->mm;
}

void ow_other_set_task(struct ow_other *o, struct task_struct *t)
{
	mmgrab(t->mm);
	o->mm = t->mm;
}

void ow_vm2_create(struct ow_vm2 *vm)
{
	mmgrab(current->mm);
	vm->mm = current->mm;
}

long ow_vm2_ioctl(struct ow_vm2 *vm, unsigned long arg)
{
	if (vm->mm != current->mm)
		return -EIO;
	return get_user_pages_remote(vm->other->mm, arg, 1, FOLL_WRITE, &vm->page, NULL); /* expect: mmgrab-only-access */
}
