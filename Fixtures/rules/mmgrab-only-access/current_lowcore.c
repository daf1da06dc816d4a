#include <linux/mmlint_stub.h>
/*
 * mmgrab-only-access: `current` spelled as an object-like macro over an arch
 * read of the running task (s390: `((struct task_struct *const)
 * get_lowcore()->current_task)`, arch/s390/include/asm/current.h), not as a
 * get_current() call. The owner-process guard of an ioctl
 * (`if (vm->mm != current->mm) return -EIO;`, virt/kvm/kvm_main.c
 * kvm_vm_ioctl) pins vm->mm on the fall-through path with any spelling.
 */

#undef current
struct lc_lowcore {
	unsigned long current_task;
};
struct lc_lowcore *get_lowcore(void);
#define current ((struct task_struct *const)get_lowcore()->current_task)

struct lc_vm {
	struct mm_struct *mm;
	int dead;
	unsigned long uaddr;
	struct page *page;
};

int lc_vm_create(struct file *filp)
{
	struct lc_vm *vm = kzalloc(sizeof(*vm), GFP_KERNEL);

	if (!vm)
		return -ENOMEM;
	vm->mm = current->mm;
	mmgrab(current->mm);
	filp->private_data = vm;
	return 0;
}

static long lc_vm_arch_ioctl(struct file *filp, unsigned long arg)
{
	struct lc_vm *vm = filp->private_data;

	return get_user_pages_remote(vm->mm, arg, 1, FOLL_WRITE, &vm->page, NULL);
}

long lc_vm_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct lc_vm *vm = filp->private_data;

	if (vm->mm != current->mm || vm->dead)
		return -EIO;
	return lc_vm_arch_ioctl(filp, arg); /* ok: mmgrab-only-access */
}

long lc_vm_ioctl_unguarded(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct lc_vm *vm = filp->private_data;

	if (vm->dead)
		return -EIO;
	return lc_vm_arch_ioctl(filp, arg); /* expect: mmgrab-only-access */
}

/* The running task's own mm needs no guard at all, whichever way `current` is spelled. */
long lc_own_mm(unsigned long uaddr, struct page **p)
{
	return get_user_pages_remote(current->mm, uaddr, 1, FOLL_WRITE, p, NULL); /* ok: mmgrab-only-access */
}
