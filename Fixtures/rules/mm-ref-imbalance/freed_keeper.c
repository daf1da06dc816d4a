#include <linux/mmlint_stub.h>
/*
 * A reference stored into a member of the object being built, then the object freed on an
 * error path without the drop (kvm_create_vm's goto ladder, 5.4-5.15: `mmgrab(current->mm);
 * kvm->mm = current->mm;` near the top, the error labels ending in `kvm_arch_free_vm(kvm);
 * mmdrop(current->mm);`; a label added below the mmdrop leaks the grab). Stored, the reference
 * is the object's; freed, the object takes it nowhere: the function still owes the drop. Spelled
 * with the running task's mm, with get_task_mm() into a local, with a free wrapper and with
 * kfree(). Quiet where the drop follows the free (through current or through a copy), where the
 * drop comes first, and where the object was also published before the free.
 */

int init_srcu_struct(struct srcu_struct *ssp);
void cleanup_srcu_struct(struct srcu_struct *ssp);
void *kvzalloc(size_t size, gfp_t flags);
void list_add(struct list_head *new, struct list_head *head);
void *fk_alloc_memslots(void);
int fk_arch_init_vm(void *kvm, unsigned long type);

struct fk_kvm {
	struct mm_struct *mm;
	struct srcu_struct srcu;
	struct list_head vm_list;
	void *memslots;
};

static LIST_HEAD(fk_vm_list);

static void fk_arch_free_vm(struct fk_kvm *kvm)
{
	kvfree(kvm);
}

struct fk_kvm *fk_create_vm(unsigned long type)
{
	struct fk_kvm *kvm = kzalloc(sizeof(*kvm), GFP_KERNEL);
	int r = -ENOMEM;

	if (!kvm)
		return ERR_PTR(-ENOMEM);
	mmgrab(current->mm);
	kvm->mm = current->mm;
	if (init_srcu_struct(&kvm->srcu))
		goto out_err_no_srcu;
	kvm->memslots = fk_alloc_memslots();
	if (!kvm->memslots)
		goto out_err;
	r = fk_arch_init_vm(kvm, type);
	if (r)
		goto out_err;
	return kvm; /* ok: mm-ref-imbalance the object keeps it */

out_err:
	cleanup_srcu_struct(&kvm->srcu);
out_err_no_srcu:
	fk_arch_free_vm(kvm);
	mmdrop(current->mm);
	return ERR_PTR(r); /* ok: mm-ref-imbalance dropped after the free */
}

struct fk_kvm *fk_create_vm_leak(unsigned long type)
{
	struct fk_kvm *kvm = kzalloc(sizeof(*kvm), GFP_KERNEL);
	int r = -ENOMEM;

	if (!kvm)
		return ERR_PTR(-ENOMEM);
	mmgrab(current->mm);
	kvm->mm = current->mm;
	if (init_srcu_struct(&kvm->srcu))
		goto out_free;
	r = fk_arch_init_vm(kvm, type);
	if (r)
		goto out_err;
	return kvm;

out_err:
	cleanup_srcu_struct(&kvm->srcu);
	fk_arch_free_vm(kvm);
	mmdrop(current->mm);
	return ERR_PTR(r);
out_free:
	fk_arch_free_vm(kvm);
	return ERR_PTR(r); /* expect: mm-ref-imbalance the label below the mmdrop */
}

struct fk_ctx {
	struct mm_struct *mm;
	struct task_struct *task;
	void *buf;
};

struct fk_ctx *fk_ctx_create(struct task_struct *task)
{
	struct fk_ctx *ctx;
	struct mm_struct *mm;

	mm = get_task_mm(task);
	if (!mm)
		return ERR_PTR(-ESRCH);
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx) {
		mmput(mm);
		return ERR_PTR(-ENOMEM);
	}
	ctx->mm = mm;
	ctx->buf = kmalloc(64, GFP_KERNEL);
	if (!ctx->buf) {
		kfree(ctx);
		return ERR_PTR(-ENOMEM); /* expect: mm-ref-imbalance freed with the reference in it */
	}
	return ctx;
}

struct fk_ctx *fk_ctx_create_ok(struct task_struct *task)
{
	struct fk_ctx *ctx;
	struct mm_struct *mm;

	mm = get_task_mm(task);
	if (!mm)
		return ERR_PTR(-ESRCH);
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		goto err_put;
	ctx->mm = mm;
	ctx->buf = kmalloc(64, GFP_KERNEL);
	if (!ctx->buf)
		goto err_free;
	return ctx;

err_free:
	kfree(ctx);
err_put:
	mmput(mm);
	return ERR_PTR(-ENOMEM); /* ok: mm-ref-imbalance the copy is put after the free */
}

struct fk_ctx *fk_ctx_create_member_put(struct task_struct *task)
{
	struct fk_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return ERR_PTR(-ENOMEM);
	ctx->mm = get_task_mm(task);
	if (!ctx->mm) {
		kfree(ctx);
		return ERR_PTR(-ESRCH);
	}
	ctx->buf = kmalloc(64, GFP_KERNEL);
	if (!ctx->buf) {
		mmput(ctx->mm);
		kfree(ctx);
		return ERR_PTR(-ENOMEM); /* ok: mm-ref-imbalance put before the free */
	}
	return ctx;
}

int fk_vm_publish(unsigned long type)
{
	struct fk_kvm *kvm = kzalloc(sizeof(*kvm), GFP_KERNEL);
	struct fk_kvm *other = kzalloc(sizeof(*other), GFP_KERNEL);

	if (!kvm || !other)
		return -ENOMEM;
	mmgrab(current->mm);
	kvm->mm = current->mm;
	other->mm = current->mm;
	list_add(&other->vm_list, &fk_vm_list);
	kfree(kvm);
	return 0; /* ok: mm-ref-imbalance another object keeps it */
}

/* amd_iommu_bind_pasid (6.1): the member tested for NULL before the free: nothing was taken. */
struct fk_ctx *fk_ctx_null_member(struct task_struct *task)
{
	struct fk_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	struct mm_struct *mm;

	if (!ctx)
		return ERR_PTR(-ENOMEM);
	mm = get_task_mm(task);
	ctx->mm = mm;
	if (ctx->mm == NULL)
		goto out_free;
	ctx->buf = kmalloc(64, GFP_KERNEL);
	if (!ctx->buf)
		goto out_put;
	return ctx;

out_put:
	mmput(mm);
out_free:
	kfree(ctx);
	return ERR_PTR(-ENOMEM); /* ok: mm-ref-imbalance the member is null on the path to the free */
}

struct fk_ctx *fk_ctx_null_local(struct task_struct *task)
{
	struct fk_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	struct mm_struct *mm;

	if (!ctx)
		return ERR_PTR(-ENOMEM);
	mm = get_task_mm(task);
	ctx->mm = mm;
	if (!mm) {
		kfree(ctx);
		return ERR_PTR(-ESRCH); /* ok: mm-ref-imbalance nothing taken */
	}
	return ctx;
}
