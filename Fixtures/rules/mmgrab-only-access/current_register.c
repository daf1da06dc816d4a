#include <linux/mmlint_stub.h>
/*
 * mmgrab-only-access: `current` as a global register variable (powerpc32:
 * `register struct task_struct *current asm ("r2");`,
 * arch/powerpc/include/asm/current.h; the stack pointer register stands in
 * here, as the fixtures parse for x86-64). The owner-process guard pins the
 * object's mm on the fall-through path as with get_current().
 */

#undef current
register struct task_struct *current asm("rsp");

struct rg_vm {
	struct mm_struct *mm;
	int dead;
	unsigned long uaddr;
	struct page *page;
};

int rg_vm_create(struct file *filp)
{
	struct rg_vm *vm = kzalloc(sizeof(*vm), GFP_KERNEL);

	if (!vm)
		return -ENOMEM;
	vm->mm = current->mm;
	mmgrab(current->mm);
	filp->private_data = vm;
	return 0;
}

static long rg_vm_arch_ioctl(struct file *filp, unsigned long arg)
{
	struct rg_vm *vm = filp->private_data;

	return get_user_pages_remote(vm->mm, arg, 1, FOLL_WRITE, &vm->page, NULL);
}

long rg_vm_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct rg_vm *vm = filp->private_data;

	if (vm->mm != current->mm || vm->dead)
		return -EIO;
	return rg_vm_arch_ioctl(filp, arg); /* ok: mmgrab-only-access */
}

long rg_vm_ioctl_unguarded(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct rg_vm *vm = filp->private_data;

	if (vm->dead)
		return -EIO;
	return rg_vm_arch_ioctl(filp, arg); /* expect: mmgrab-only-access */
}

/* The running task's own mm needs no guard at all, whichever way `current` is spelled. */
long rg_own_mm(unsigned long uaddr, struct page **p)
{
	return get_user_pages_remote(current->mm, uaddr, 1, FOLL_WRITE, p, NULL); /* ok: mmgrab-only-access */
}
