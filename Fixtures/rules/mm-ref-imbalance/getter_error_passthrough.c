#include <linux/mmlint_stub.h>
/*
 * A getter that hands back mm_users, or passes an error pointer or NULL straight through
 * (iommu_sva_find(), 5.13-6.6: `mm = ioasid_find(…); if (IS_ERR_OR_NULL(mm)) return mm; if
 * (!mmget_not_zero(mm)) return ERR_PTR(-ESRCH); return mm;`). The pass-through return holds no
 * reference, so the getter still returns one: a caller's exit that skips the mmput() leaks it.
 * Spelled with IS_ERR_OR_NULL() and with a NULL test; quiet where every exit puts it.
 */

struct mm_struct *ge_lookup(u32 pasid);
bool ge_access_error(struct vm_area_struct *vma);

static struct mm_struct *ge_find(u32 pasid)
{
	struct mm_struct *mm = ge_lookup(pasid);

	if (IS_ERR_OR_NULL(mm))
		return mm;
	if (!mmget_not_zero(mm))
		return ERR_PTR(-ESRCH);
	return mm;
}

static struct mm_struct *ge_find_null(u32 pasid)
{
	struct mm_struct *mm = ge_lookup(pasid);

	if (!mm)
		return mm;
	if (!mmget_not_zero(mm))
		return NULL;
	return mm;
}

int ge_handle(u32 pasid, unsigned long addr)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm = ge_find(pasid);

	if (IS_ERR_OR_NULL(mm))
		return -ENODEV;
	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (!vma || ge_access_error(vma)) {
		mmap_read_unlock(mm);
		return -EFAULT; /* expect: mm-ref-imbalance the put below is skipped */
	}
	mmap_read_unlock(mm);
	mmput(mm);
	return 0;
}

int ge_handle_null(u32 pasid, unsigned long addr)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm = ge_find_null(pasid);

	if (!mm)
		return -ENODEV;
	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	mmap_read_unlock(mm);
	if (!vma)
		return -EFAULT; /* expect: mm-ref-imbalance */
	mmput(mm);
	return 0;
}

int ge_handle_ok(u32 pasid, unsigned long addr)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm = ge_find(pasid);
	int ret = 0;

	if (IS_ERR_OR_NULL(mm))
		return -ENODEV;
	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (!vma)
		ret = -EFAULT;
	mmap_read_unlock(mm);
	mmput(mm);
	return ret; /* ok: mm-ref-imbalance */
}
