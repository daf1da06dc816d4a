#include <linux/mmlint_stub.h>
#include "fw.h"

static int fa_mmap(struct fw_info *info, struct vm_area_struct *vma)
{
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(info->screen) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

struct fw_ops {
	int (*mmap)(struct fw_info *info, struct vm_area_struct *vma);
};

static const struct fw_ops fa_ops = { .mmap = fa_mmap };
