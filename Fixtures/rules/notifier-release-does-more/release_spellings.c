#include <linux/mmlint_stub.h>
/*
 * ->release doing more in other spellings: the puts of what a driver keeps beside the mm (the
 * owner task, its pid, a file, a kobject), page frees, kfree_sensitive(), and rb_erase() of the
 * context's node. ->release can run twice (exit_mmap() and mmu_notifier_unregister()
 * concurrently): each is a double put, a double free or a corrupted tree. All were missed (only
 * kfree/kvfree/vfree, list unlinks, kref and refcount drops and mm puts were forbidden). Quiet:
 * the same calls in the driver's own teardown after mmu_notifier_unregister().
 */

struct nr_ctx {
	struct mmu_notifier mn;
	struct task_struct *owner;
	struct pid *pid;
	struct file *filp;
	struct kobject *kobj;
	struct page *ring;
	unsigned long table;
	void *key;
	struct rb_node node;
	struct mm_struct *mm;
};

static struct rb_root nr_tree;

void nr_stop_all(struct nr_ctx *ctx);

static void nr_release_task(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct nr_ctx *ctx = container_of(mn, struct nr_ctx, mn);

	nr_stop_all(ctx);
	put_task_struct(ctx->owner); /* expect: notifier-release-does-more */
	put_pid(ctx->pid); /* expect: notifier-release-does-more */
}

static const struct mmu_notifier_ops nr_task_ops = {
	.release = nr_release_task,
};

/* the puts and frees in a helper the callback calls */
static void nr_drop_backing(struct nr_ctx *ctx)
{
	fput(ctx->filp); /* expect: notifier-release-does-more */
	kobject_put(ctx->kobj); /* expect: notifier-release-does-more */
	__free_pages(ctx->ring, 2); /* expect: notifier-release-does-more */
	free_pages(ctx->table, 0); /* expect: notifier-release-does-more */
	kfree_sensitive(ctx->key); /* expect: notifier-release-does-more */
}

static void nr_release_backing(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct nr_ctx *ctx = container_of(mn, struct nr_ctx, mn);

	nr_stop_all(ctx);
	rb_erase(&ctx->node, &nr_tree); /* expect: notifier-release-does-more */
	nr_drop_backing(ctx);
}

static const struct mmu_notifier_ops nr_backing_ops = {
	.release = nr_release_backing,
};

/* the fixed form: ->release only stops access; the teardown puts, once */
static void nr_release_stop(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct nr_ctx *ctx = container_of(mn, struct nr_ctx, mn);

	nr_stop_all(ctx);
}

static const struct mmu_notifier_ops nr_stop_ops = {
	.release = nr_release_stop,
};

void nr_destroy(struct nr_ctx *ctx)
{
	mmu_notifier_unregister(&ctx->mn, ctx->mm);
	rb_erase(&ctx->node, &nr_tree); /* ok: notifier-release-does-more */
	put_task_struct(ctx->owner); /* ok: notifier-release-does-more */
	put_pid(ctx->pid); /* ok: notifier-release-does-more */
	kfree(ctx); /* ok: notifier-release-does-more */
}
