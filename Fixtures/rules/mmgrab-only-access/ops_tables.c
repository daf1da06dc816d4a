#include <linux/mmlint_stub.h>
/*
 * mmgrab-only-access: functions reached only through a member of an ops table.
 * powerpc KVM (6.12): kvm_vcpu_ioctl() checks `kvm->mm != current->mm` and
 * returns -EIO, then kvm_arch_vcpu_ioctl_run() → kvmppc_vcpu_run() calls
 * `vcpu->kvm->arch.kvm_ops->vcpu_run(vcpu)`, and the only functions stored in
 * struct kvmppc_ops.vcpu_run are kvmppc_vcpu_run_hv/_pr; the memslot path
 * reaches `.commit_memory_region` the same way from kvm_vm_ioctl(). A call
 * through a member with a few stored functions is an edge to each of them:
 * the requirement of an ops function travels up to its dispatchers' callers
 * and the finding inside it is dropped only when every caller up from every
 * dispatcher discharges it. A member stored from many places, an ops function
 * also reached some other way, or one unguarded caller keeps the finding in
 * the ops function.
 */

struct ot_vm;

struct ot_vcpu {
	struct ot_vm *vm;
	unsigned long addr;
	struct page *page;
};

struct ot_ops {
	int (*run)(struct ot_vcpu *vcpu);
	int (*step)(struct ot_vcpu *vcpu);
	void (*commit)(struct ot_vm *vm, unsigned long addr);
	void (*flush)(struct ot_vm *vm);
};

struct ot_vm {
	struct mm_struct *mm;
	const struct ot_ops *ops;
	struct ot_ops rt_ops;
	struct page *page;
	int dead;
};

/* 1. Designated initializer, called through vm->ops->run from a guarded ioctl. */
static int ot_run_hv(struct ot_vcpu *vcpu)
{
	return get_user_pages_remote(vcpu->vm->mm, vcpu->addr, 1, FOLL_WRITE, &vcpu->page, NULL); /* ok: mmgrab-only-access */
}

static int ot_run_pr(struct ot_vcpu *vcpu)
{
	return 0;
}

/* 3. Called through a local copy of the ops pointer (ot_vcpu_step below). */
static int ot_step_hv(struct ot_vcpu *vcpu)
{
	return get_user_pages_remote(vcpu->vm->mm, vcpu->addr + PAGE_SIZE, 1, 0, &vcpu->page, NULL); /* ok: mmgrab-only-access */
}

/* 4. A real bug: ->flush is also called from a work item, where nothing checks the mm. */
static void ot_flush_hv(struct ot_vm *vm)
{
	get_user_pages_remote(vm->mm, 0, 1, 0, &vm->page, NULL); /* expect: mmgrab-only-access */
}

static const struct ot_ops ot_ops_hv = {
	.run = ot_run_hv,
	.step = ot_step_hv,
	.flush = ot_flush_hv,
};

static const struct ot_ops ot_ops_pr = {
	.run = ot_run_pr,
};

/* 2. Assigned at runtime: vm->rt_ops.commit = ot_commit_hv. */
static void ot_commit_hv(struct ot_vm *vm, unsigned long addr)
{
	get_user_pages_remote(vm->mm, addr, 1, 0, &vm->page, NULL); /* ok: mmgrab-only-access */
}

int ot_vm_create(struct file *filp, int hv)
{
	struct ot_vm *vm = kzalloc(sizeof(*vm), GFP_KERNEL);

	if (!vm)
		return -ENOMEM;
	mmgrab(current->mm);
	vm->mm = current->mm;
	vm->ops = hv ? &ot_ops_hv : &ot_ops_pr;
	vm->rt_ops.commit = ot_commit_hv;
	filp->private_data = vm;
	return 0;
}

int ot_vcpu_run(struct ot_vcpu *vcpu)
{
	return vcpu->vm->ops->run(vcpu);
}

int ot_vcpu_step(struct ot_vcpu *vcpu)
{
	const struct ot_ops *ops = vcpu->vm->ops;

	return ops->step(vcpu);
}

static void ot_commit(struct ot_vm *vm, unsigned long addr)
{
	vm->rt_ops.commit(vm, addr);
}

static void ot_flush(struct ot_vm *vm)
{
	vm->ops->flush(vm);
}

long ot_vcpu_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct ot_vcpu *vcpu = filp->private_data;

	if (vcpu->vm->mm != current->mm || vcpu->vm->dead)
		return -EIO;
	if (ioctl == 1)
		return ot_vcpu_step(vcpu);
	return ot_vcpu_run(vcpu);
}

long ot_vm_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct ot_vm *vm = filp->private_data;

	if (vm->mm != current->mm || vm->dead)
		return -EIO;
	if (ioctl == 2)
		ot_flush(vm);
	ot_commit(vm, arg);
	return 0;
}

struct ot_work {
	struct work_struct work;
	struct ot_vm *vm;
};

static void ot_flush_work(struct work_struct *work)
{
	struct ot_work *w = container_of(work, struct ot_work, work);

	ot_flush(w->vm);
}

void ot_queue_flush(struct ot_work *w)
{
	INIT_WORK(&w->work, ot_flush_work);
	schedule_work(&w->work);
}

/* 5. A member stored from many places is not an edge: the finding stays. */
struct ot_fops {
	int (*read)(struct ot_vm *vm, unsigned long addr);
};

static int ot_read_a(struct ot_vm *vm, unsigned long addr)
{
	return get_user_pages_remote(vm->mm, addr, 1, 0, &vm->page, NULL); /* expect: mmgrab-only-access */
}

static int ot_read_b(struct ot_vm *vm, unsigned long addr) { return 0; }
static int ot_read_c(struct ot_vm *vm, unsigned long addr) { return 0; }
static int ot_read_d(struct ot_vm *vm, unsigned long addr) { return 0; }
static int ot_read_e(struct ot_vm *vm, unsigned long addr) { return 0; }

static const struct ot_fops ot_fops_a = { .read = ot_read_a };
static const struct ot_fops ot_fops_b = { .read = ot_read_b };
static const struct ot_fops ot_fops_c = { .read = ot_read_c };
static const struct ot_fops ot_fops_d = { .read = ot_read_d };
static const struct ot_fops ot_fops_e = { .read = ot_read_e };

struct ot_file {
	struct ot_vm *vm;
	const struct ot_fops *fops;
};

long ot_file_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct ot_file *f = filp->private_data;

	if (f->vm->mm != current->mm)
		return -EIO;
	return f->fops->read(f->vm, arg);
}

/* 6. Also passed to a registration call: its callers there are unknown. */
struct ot_timer_ops {
	void (*fire)(struct ot_vm *vm);
};

static void ot_fire(struct ot_vm *vm)
{
	get_user_pages_remote(vm->mm, 0, 1, 0, &vm->page, NULL); /* expect: mmgrab-only-access */
}

static const struct ot_timer_ops ot_timer_ops = { .fire = ot_fire };

void ot_register_fire(void (*fn)(struct ot_vm *vm));

void ot_timer_init(void)
{
	ot_register_fire(ot_fire);
}

long ot_timer_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct ot_vm *vm = filp->private_data;

	if (vm->mm != current->mm)
		return -EIO;
	ot_timer_ops.fire(vm);
	return 0;
}
