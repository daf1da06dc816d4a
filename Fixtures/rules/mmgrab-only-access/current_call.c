#include <linux/mmlint_stub.h>
/*
 * mmgrab-only-access: the owner-process guard with `current` as the
 * get_current() call (x86, arm64, powerpc64, riscv): the same shapes as
 * current_lowcore.c and current_register.c.
 */

struct cc_vm {
	struct mm_struct *mm;
	int dead;
	unsigned long uaddr;
	struct page *page;
};

int cc_vm_create(struct file *filp)
{
	struct cc_vm *vm = kzalloc(sizeof(*vm), GFP_KERNEL);

	if (!vm)
		return -ENOMEM;
	vm->mm = current->mm;
	mmgrab(current->mm);
	filp->private_data = vm;
	return 0;
}

static long cc_vm_arch_ioctl(struct file *filp, unsigned long arg)
{
	struct cc_vm *vm = filp->private_data;

	return get_user_pages_remote(vm->mm, arg, 1, FOLL_WRITE, &vm->page, NULL);
}

long cc_vm_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct cc_vm *vm = filp->private_data;

	if (vm->mm != current->mm || vm->dead)
		return -EIO;
	return cc_vm_arch_ioctl(filp, arg); /* ok: mmgrab-only-access */
}

long cc_vm_ioctl_unguarded(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct cc_vm *vm = filp->private_data;

	if (vm->dead)
		return -EIO;
	return cc_vm_arch_ioctl(filp, arg); /* expect: mmgrab-only-access */
}

/* The running task's own mm needs no guard at all, whichever way `current` is spelled. */
long cc_own_mm(unsigned long uaddr, struct page **p)
{
	return get_user_pages_remote(current->mm, uaddr, 1, FOLL_WRITE, p, NULL); /* ok: mmgrab-only-access */
}
