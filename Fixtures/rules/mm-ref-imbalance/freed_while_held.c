#include <linux/mmlint_stub.h>
/*
 * A reference taken into a fresh object's member, then the object freed on an error path
 * without the drop: nothing can drop the reference any more (no path of the function has to
 * drop it for this to be a leak). Spellings: get_task_mm() stored in the member, mmgrab() on
 * the member, kfree and kmem_cache_free; the fixed forms drop first, or free through a local
 * that still names the mm.
 */

struct fw_slot {
	struct mm_struct *mm;
	int id;
};

struct kmem_cache;
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t flags);
void kmem_cache_free(struct kmem_cache *c, void *p);
extern struct kmem_cache *fw_cache;
int fw_valid(struct task_struct *t);
int fw_register(struct fw_slot *s);

struct fw_slot *fw_create(struct task_struct *t)
{
	struct fw_slot *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return ERR_PTR(-ENOMEM);
	s->mm = get_task_mm(t);
	if (!s->mm) {
		kfree(s);
		return ERR_PTR(-ESRCH);
	}
	if (!fw_valid(t)) {
		kfree(s); /* expect: mm-ref-imbalance */
		return ERR_PTR(-EPERM);
	}
	return s;
}

struct fw_slot *fw_create_grab(void)
{
	struct fw_slot *s = kmem_cache_alloc(fw_cache, GFP_KERNEL);

	if (!s)
		return NULL;
	s->mm = current->mm;
	mmgrab(s->mm);
	if (fw_valid(current) < 0) {
		kmem_cache_free(fw_cache, s); /* expect: mm-ref-imbalance */
		return NULL;
	}
	return s;
}

/* Fixed: dropped before the free. */
struct fw_slot *fw_create_ok(struct task_struct *t)
{
	struct fw_slot *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return ERR_PTR(-ENOMEM);
	s->mm = get_task_mm(t);
	if (!s->mm) {
		kfree(s);
		return ERR_PTR(-ESRCH);
	}
	if (!fw_valid(t)) {
		mmput(s->mm);
		kfree(s); /* ok: mm-ref-imbalance */
		return ERR_PTR(-EPERM);
	}
	return s;
}

/* A local still names the mm: it drops the reference after the free. */
int fw_probe(struct task_struct *t)
{
	struct fw_slot *s = kzalloc(sizeof(*s), GFP_KERNEL);
	struct mm_struct *mm;
	int ret;

	if (!s)
		return -ENOMEM;
	mm = s->mm = get_task_mm(t);
	if (!mm) {
		kfree(s);
		return -ESRCH;
	}
	ret = fw_valid(t);
	kfree(s); /* ok: mm-ref-imbalance */
	mmput(mm);
	return ret;
}
