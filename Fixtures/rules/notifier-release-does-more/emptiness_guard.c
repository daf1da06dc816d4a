#include <linux/mmlint_stub.h>
/*
 * notifier-release-does-more: a test under the lock guards a second ->release run only when
 * the first run changes what it reads. list_del() poisons the entry's pointers instead of
 * pointing it at itself, so `list_empty(&c->node)` is still false on the second run and the
 * entry is unlinked again; hlist_del() leaves pprev poisoned, so hlist_unhashed() is false
 * too. Guarded: a flag the first run clears under the lock; list_del_init(), idempotent.
 */

struct hlist_node {
	struct hlist_node *next, **pprev;
};

bool list_empty(const struct list_head *head);
void list_del_init(struct list_head *entry);
void hlist_del(struct hlist_node *n);
bool hlist_unhashed(const struct hlist_node *h);

struct eg_ctx {
	struct mmu_notifier mn;
	spinlock_t lock;
	struct list_head node;
	struct hlist_node hnode;
	bool linked;
};

static void eg_release_list(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct eg_ctx *c = container_of(mn, struct eg_ctx, mn);

	spin_lock(&c->lock);
	if (!list_empty(&c->node))
		list_del(&c->node); /* expect: notifier-release-does-more the poisoned entry is not empty */
	spin_unlock(&c->lock);
}

static void eg_release_hash(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct eg_ctx *c = container_of(mn, struct eg_ctx, mn);

	spin_lock(&c->lock);
	if (hlist_unhashed(&c->hnode))
		goto out;
	hlist_del(&c->hnode); /* expect: notifier-release-does-more pprev stays poisoned */
out:
	spin_unlock(&c->lock);
}

static void eg_release_flag(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct eg_ctx *c = container_of(mn, struct eg_ctx, mn);

	spin_lock(&c->lock);
	if (c->linked) {
		list_del(&c->node); /* ok: notifier-release-does-more the first run clears the flag */
		c->linked = false;
	}
	spin_unlock(&c->lock);
}

static void eg_release_init(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct eg_ctx *c = container_of(mn, struct eg_ctx, mn);

	spin_lock(&c->lock);
	if (!list_empty(&c->node))
		list_del_init(&c->node); /* ok: notifier-release-does-more idempotent unlink */
	spin_unlock(&c->lock);
}

static const struct mmu_notifier_ops eg_list_ops = { .release = eg_release_list };
static const struct mmu_notifier_ops eg_hash_ops = { .release = eg_release_hash };
static const struct mmu_notifier_ops eg_flag_ops = { .release = eg_release_flag };
static const struct mmu_notifier_ops eg_init_ops = { .release = eg_release_init };
