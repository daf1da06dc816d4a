#include <linux/mmlint_stub.h>
/*
 * A list whose elements each hold an mm_users pin (uprobes' map_info: build_map_info() pins
 * vma->vm_mm, register_for_each_vma() drops each pin through a local copy, `mm = info->mm;
 * … mmput(mm);`, before freeing the element). An error shortcut that frees the element
 * without the put loses the pin: the freed object still held it, another path drops it.
 * The free through the tree's helper (free_map_info()) and kmem_cache_free() are frees too.
 * Not this bug: the object freed before its mm is dropped through a local copy
 * (kvm_destroy_vm), and two loops over two lists whose elements differ in what they hold
 * (kvm's async_pf queue, whose items hold the pin, and its done list, whose items dropped it).
 */

struct le_info {
	struct le_info *next;
	struct mm_struct *mm;
	unsigned long vaddr;
};

struct le_kvm {
	struct mm_struct *mm;
};

struct le_work {
	struct list_head queue;
	struct list_head link;
	struct mm_struct *mm;
};

struct le_vcpu {
	struct list_head queue;
	struct list_head done;
};

struct kmem_cache;
extern struct kmem_cache *le_cache;
void kmem_cache_free(struct kmem_cache *c, void *p);
int le_write(struct mm_struct *mm, unsigned long vaddr);
int list_empty(const struct list_head *head);

static struct le_info *le_free_info(struct le_info *info)
{
	struct le_info *next = info->next;

	kfree(info);
	return next;
}

int le_unregister_helper(struct le_info *info)
{
	int err = 0;

	while (info) {
		struct mm_struct *mm = info->mm;

		if (err) {
			info = le_free_info(info); /* expect: mm-ref-imbalance */
			continue;
		}
		err = le_write(mm, info->vaddr);
		mmput(mm);
		info = le_free_info(info);
	}
	return err;
}

int le_unregister_kfree(struct le_info *info)
{
	int err = 0;

	while (info) {
		struct le_info *next = info->next;

		if (err) {
			kfree(info); /* expect: mm-ref-imbalance */
			info = next;
			continue;
		}
		err = le_write(info->mm, info->vaddr);
		mmput(info->mm);
		kfree(info);
		info = next;
	}
	return err;
}

int le_unregister_fixed(struct le_info *info)
{
	int err = 0;

	while (info) {
		struct mm_struct *mm = info->mm;

		if (!err)
			err = le_write(mm, info->vaddr);
		mmput(mm);
		info = le_free_info(info); /* ok: mm-ref-imbalance */
	}
	return err;
}

void le_destroy_vm(struct le_kvm *kvm)
{
	struct mm_struct *mm = kvm->mm;

	kfree(kvm); /* ok: mm-ref-imbalance */
	mmdrop(mm);
}

void le_clear_queue(struct le_vcpu *vcpu)
{
	while (!list_empty(&vcpu->queue)) {
		struct le_work *work = list_first_entry(&vcpu->queue, struct le_work, queue);

		list_del(&work->queue);
		mmput(work->mm);
		kmem_cache_free(le_cache, work);
	}
	while (!list_empty(&vcpu->done)) {
		struct le_work *work = list_first_entry(&vcpu->done, struct le_work, link);

		list_del(&work->link);
		kmem_cache_free(le_cache, work); /* ok: mm-ref-imbalance */
	}
}
