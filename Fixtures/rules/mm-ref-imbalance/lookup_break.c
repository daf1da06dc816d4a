#include <linux/mmlint_stub.h>
/*
 * A lookup that pins the entry it matches and leaves the walk with it (amdkfd's
 * kfd_lookup_process_by_pasid() shape, the pin taken in the loop): `found = pos; break;` after
 * mmget_not_zero(pos->mm), then `if (!found) return;`. The path that took the pin dereferenced
 * the entry, so it never takes the NULL side of the test: no leak there, and after it the mm is
 * pinned for the borrow through `found`. Spelled with a list walk and `!found`, an hlist walk
 * and `found == NULL` with a goto, and a pointer chase; the twins that pin after the test or
 * not at all are judged as before. Also an hlist walk that borrows inline (the put_user() macro
 * beside the macro's `?:` cursor): its muted entry keeps its pin.
 */

struct hlist_node {
	struct hlist_node *next, **pprev;
};
struct hlist_head {
	struct hlist_node *first;
};
#define hlist_entry_safe(ptr, type, member) \
	({ typeof(ptr) ____ptr = (ptr); ____ptr ? container_of(____ptr, type, member) : NULL; })
#define hlist_for_each_entry(pos, head, member)					\
	for (pos = hlist_entry_safe((head)->first, typeof(*(pos)), member);	\
	     pos;								\
	     pos = hlist_entry_safe((pos)->member.next, typeof(*(pos)), member))

struct lb_proc {
	struct list_head node;
	struct hlist_node hnode;
	struct lb_proc *next;
	struct mm_struct *mm;		/* mmgrab() at open */
	u32 pasid;
	bool muted;
	u32 __user *status;
	u32 code;
};

static LIST_HEAD(lb_procs);
static struct hlist_head lb_hash;
static struct lb_proc *lb_chain;

int lb_open(struct lb_proc *p)
{
	mmgrab(current->mm);
	p->mm = current->mm;
	list_add_tail(&p->node, &lb_procs);
	return 0;
}

static void lb_by_pasid_work(struct work_struct *w)
{
	struct lb_proc *p, *found = NULL;

	list_for_each_entry(p, &lb_procs, node) {
		if (p->pasid == 7 && mmget_not_zero(p->mm)) {
			found = p;
			break;
		}
	}
	if (!found)
		return; /* ok: mm-ref-imbalance found is set only where the pin was taken */
	kthread_use_mm(found->mm); /* ok: use-mm-without-mmget pinned in the lookup */
	put_user(found->code, found->status);
	kthread_unuse_mm(found->mm);
	mmput(found->mm);
}

static int lb_hash_fault(u32 pasid)
{
	struct lb_proc *h, *hit = NULL;
	int ret = -ESRCH;

	hlist_for_each_entry(h, &lb_hash, hnode) {
		if (h->pasid != pasid)
			continue;
		if (!mmget_not_zero(h->mm))
			break;
		hit = h;
		break;
	}
	if (hit == NULL)
		goto out; /* ok: mm-ref-imbalance hit is set only after the pin */
	kthread_use_mm(hit->mm); /* ok: use-mm-without-mmget pinned before hit was set */
	ret = put_user(hit->code, hit->status);
	kthread_unuse_mm(hit->mm);
	mmput(hit->mm);
out:
	return ret;
}

static void lb_chain_work(struct work_struct *w)
{
	struct lb_proc *c, *sel = NULL;

	for (c = lb_chain; c; c = c->next) {
		if (c->pasid == 7) {
			sel = c;
			break;
		}
	}
	if (!sel)
		return;
	kthread_use_mm(sel->mm); /* expect: use-mm-without-mmget the lookup pins nothing */
	put_user(sel->code, sel->status);
	kthread_unuse_mm(sel->mm);
}

static void lb_chain_pinned_work(struct work_struct *w)
{
	struct lb_proc *c, *sel = NULL;

	for (c = lb_chain; c; c = c->next) {
		if (c->pasid == 7) {
			sel = c;
			break;
		}
	}
	if (!sel || !mmget_not_zero(sel->mm))
		return;
	kthread_use_mm(sel->mm); /* ok: use-mm-without-mmget pinned after the lookup */
	put_user(sel->code, sel->status);
	kthread_unuse_mm(sel->mm);
	mmput(sel->mm);
}

static void lb_hash_notify_work(struct work_struct *w)
{
	struct lb_proc *h;

	hlist_for_each_entry(h, &lb_hash, hnode) {
		if (!mmget_not_zero(h->mm)) /* expect: mm-ref-imbalance the muted entry keeps its pin */
			continue;
		if (h->muted)
			continue;
		kthread_use_mm(h->mm);
		put_user(h->code, h->status);
		kthread_unuse_mm(h->mm);
		mmput(h->mm);
	}
}

static struct work_struct lb_w1, lb_w2, lb_w3, lb_w4;

void lb_start(void)
{
	INIT_WORK(&lb_w1, lb_by_pasid_work);
	INIT_WORK(&lb_w2, lb_chain_work);
	INIT_WORK(&lb_w3, lb_chain_pinned_work);
	INIT_WORK(&lb_w4, lb_hash_notify_work);
	schedule_work(&lb_w1);
	schedule_work(&lb_w2);
	schedule_work(&lb_w3);
	schedule_work(&lb_w4);
}
