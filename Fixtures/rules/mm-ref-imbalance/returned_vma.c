#include <linux/mmlint_stub.h>
/*
 * A pin handed on with the vma looked up in the pinned mm (fs/proc/task_mmu.c m_start(): the
 * mm pinned with mmget_not_zero(), the vma returned with the pin and mmap_lock held, m_stop()
 * drops both; also a helper of that shape outside a seq_file table): the returned vma's
 * vm_mm is the pinned mm, so the reference is not lost. A vma of another mm carries nothing.
 */

struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr, struct vm_area_struct **pprev);

struct rv_priv {
	struct mm_struct *mm;
};

struct vm_area_struct *rv_start(struct rv_priv *priv, unsigned long addr)
{
	struct mm_struct *mm = priv->mm;
	struct vm_area_struct *vma;

	if (!mm || !mmget_not_zero(mm))
		return NULL;
	if (mmap_read_lock_killable(mm)) {
		mmput(mm);
		return ERR_PTR(-EINTR);
	}
	vma = find_vma(mm, addr);
	if (vma)
		return vma; /* ok: mm-ref-imbalance the pin goes with the returned vma */
	mmap_read_unlock(mm);
	mmput(mm);
	return NULL;
}

struct vm_area_struct *rv_start_prev(struct rv_priv *priv, unsigned long addr)
{
	struct vm_area_struct *vma, *prev;

	if (!mmget_not_zero(priv->mm))
		return NULL;
	mmap_read_lock(priv->mm);
	vma = find_vma_prev(priv->mm, addr, &prev);
	if (!vma) {
		mmap_read_unlock(priv->mm);
		mmput(priv->mm);
		return NULL;
	}
	return vma; /* ok: mm-ref-imbalance a member pin goes with the vma too */
}

struct vm_area_struct *rv_other_mm(struct rv_priv *priv, struct mm_struct *other, unsigned long addr)
{
	struct mm_struct *mm = priv->mm;
	struct vm_area_struct *vma;

	if (!mmget_not_zero(mm))
		return NULL;
	vma = find_vma(other, addr);
	if (vma)
		return vma; /* expect: mm-ref-imbalance the returned vma is of another mm */
	mmput(mm);
	return NULL;
}
