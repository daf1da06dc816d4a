#include <linux/mmlint_stub.h>
/*
 * An object returned holding a reference in a member (uprobes' build_map_info(): each
 * map_info's ->mm pinned with mmget_not_zero()), tested by the caller with an error-pointer
 * test before use: `info = build(…); if (IS_ERR_OR_NULL(info)) return PTR_ERR(info);`. The test
 * keeps nothing it is passed; an error path that then frees the object without the mmput()
 * another path makes loses the reference. Spelled with IS_ERR_OR_NULL(), IS_ERR() and a NULL
 * test; quiet where the error path puts the member first.
 */

struct th_info {
	struct mm_struct *mm;
	unsigned long vaddr;
};

static struct th_info *th_build(struct vm_area_struct *vma)
{
	struct th_info *info = kmalloc(sizeof(*info), GFP_KERNEL);

	if (!info)
		return ERR_PTR(-ENOMEM);
	if (!mmget_not_zero(vma->vm_mm)) {
		kfree(info);
		return NULL;
	}
	info->mm = vma->vm_mm;
	return info;
}

int th_register_or_null(struct vm_area_struct *vma)
{
	struct th_info *info = th_build(vma);

	if (IS_ERR_OR_NULL(info))
		return PTR_ERR(info);
	if (!find_vma(info->mm, info->vaddr)) {
		kfree(info); /* expect: mm-ref-imbalance freed with the users reference */
		return -ENOENT;
	}
	mmput(info->mm);
	kfree(info);
	return 0;
}

int th_register_err(struct vm_area_struct *vma)
{
	struct th_info *info = th_build(vma);

	if (IS_ERR(info))
		return PTR_ERR(info);
	if (!find_vma(info->mm, info->vaddr)) {
		kfree(info); /* expect: mm-ref-imbalance */
		return -ENOENT;
	}
	mmput(info->mm);
	kfree(info);
	return 0;
}

int th_register_null(struct vm_area_struct *vma)
{
	struct th_info *info = th_build(vma);

	if (!info)
		return 0;
	if (!find_vma(info->mm, info->vaddr)) {
		kfree(info); /* expect: mm-ref-imbalance */
		return -ENOENT;
	}
	mmput(info->mm);
	kfree(info);
	return 0;
}

int th_register_ok(struct vm_area_struct *vma)
{
	struct th_info *info = th_build(vma);

	if (IS_ERR_OR_NULL(info))
		return PTR_ERR(info);
	if (!find_vma(info->mm, info->vaddr)) {
		mmput(info->mm);
		kfree(info); /* ok: mm-ref-imbalance put first */
		return -ENOENT;
	}
	mmput(info->mm);
	kfree(info);
	return 0;
}
