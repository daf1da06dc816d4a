#include <linux/mmlint_stub.h>
/*
 * mm-ref-imbalance: correct 6.12 shapes that an early version of the rule
 * reported. Each must stay quiet.
 *   - memcg1_can_attach(): get_task_mm(p) into a local in a loop (the
 *     reference is the returned mm, not the task argument)
 *   - iommufd update_mm_locked_vm()/iopt_pages_rw_access(), bpf_find_vma(),
 *     perf_event_addr_filters_apply(): pin and unpin under the same flag,
 *     tested twice (`do_put`, `change_mm`, `ifh->nr_file_filters`)
 *   - usnic_uiom_reg_get(): the reference is taken inside a callee that may
 *     fail; the error path frees the object without a drop
 *   - vfio_change_dma_owner(), gadget inode.c ep_aio(): mmgrab() into a
 *     member is the object's reference, kept past the return
 */

struct ks_task { struct mm_struct *mm; struct ks_task *next; bool leader; };
struct ks_pages { struct mm_struct *source_mm; void __user *uptr; unsigned long n; };
struct ks_filters { int nr_file_filters; };
struct ks_uiomr { struct mm_struct *owning_mm; unsigned long len; };
struct ks_dma { struct mm_struct *mm; struct task_struct *task; };
struct ks_priv { struct mm_struct *mm; struct kiocb *iocb; };

int ks_account(struct mm_struct *mm, unsigned long n);
int ks_queue(struct ks_priv *priv);

int ks_can_attach(struct ks_task *first)
{
	struct ks_task *p;
	struct mm_struct *mm;

	for (p = first; p; p = p->next) {
		mm = get_task_mm((struct task_struct *)p);
		if (!mm)
			continue;
		if (!p->leader) {
			mmput(mm);
			continue;
		}
		mmput(mm); /* ok: mm-ref-imbalance */
	}
	return 0;
}

int ks_update_locked_vm(struct ks_pages *pages, bool inc)
{
	bool do_put = false;
	int rc;

	if (pages->source_mm != current->mm) {
		if (!mmget_not_zero(pages->source_mm))
			return -EINVAL;
		do_put = true;
	}
	mmap_write_lock(pages->source_mm);
	rc = ks_account(pages->source_mm, pages->n);
	mmap_write_unlock(pages->source_mm);
	if (do_put)
		mmput(pages->source_mm);
	return rc; /* ok: mm-ref-imbalance */
}

int ks_rw_access(struct ks_pages *pages, void *data, unsigned long len)
{
	bool change_mm = current->mm != pages->source_mm;
	int rc = 0;

	if (change_mm) {
		if (!mmget_not_zero(pages->source_mm))
			return -EFAULT;
		kthread_use_mm(pages->source_mm);
	}
	if (copy_to_user(pages->uptr, data, len))
		rc = -EFAULT;
	if (change_mm) {
		kthread_unuse_mm(pages->source_mm);
		mmput(pages->source_mm);
	}
	return rc; /* ok: mm-ref-imbalance */
}

void ks_filters_apply(struct ks_filters *ifh, struct task_struct *task)
{
	struct mm_struct *mm = NULL;

	if (ifh->nr_file_filters) {
		mm = get_task_mm(task);
		if (!mm)
			return;
		mmap_read_lock(mm);
	}
	ifh->nr_file_filters += 0;
	if (ifh->nr_file_filters) {
		mmap_read_unlock(mm);
		mmput(mm);
	}
} /* ok: mm-ref-imbalance */

static int ks_get_pages(struct ks_uiomr *uiomr)
{
	if (uiomr->len > 4096)
		return -EINVAL;
	uiomr->owning_mm = current->mm;
	mmgrab(uiomr->owning_mm);
	return 0;
}

struct ks_uiomr *ks_reg_get(unsigned long len)
{
	struct ks_uiomr *uiomr = kzalloc(sizeof(*uiomr), GFP_KERNEL);
	int err;

	if (!uiomr)
		return NULL;
	uiomr->len = len;
	err = ks_get_pages(uiomr);
	if (err)
		goto out_free;
	if (len == 0)
		goto out_drop;
	return uiomr;
out_drop:
	mmdrop(uiomr->owning_mm);
out_free:
	kfree(uiomr); /* ok: mm-ref-imbalance */
	return NULL;
}

int ks_change_dma_owner(struct ks_dma *dma, struct mm_struct *mm)
{
	mmdrop(dma->mm);
	dma->mm = mm;
	mmgrab(dma->mm);
	return 0; /* ok: mm-ref-imbalance */
}

int ks_aio(struct ks_priv *priv)
{
	priv->mm = current->mm;
	mmgrab(priv->mm);
	if (ks_queue(priv)) {
		mmdrop(priv->mm);
		return -EIO;
	}
	return -EIOCBQUEUED; /* ok: mm-ref-imbalance */
}
