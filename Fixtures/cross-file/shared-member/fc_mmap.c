#include <linux/mmlint_stub.h>
#include "fw.h"

static int fc_mmap(struct fw_info *info, struct vm_area_struct *vma)
{
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(info->screen) >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

struct fc_ops {
	int (*mmap)(struct fw_info *info, struct vm_area_struct *vma);
};

static struct fc_ops fc_ops;

int fc_register_mmap(struct fw_info *info)
{
	fc_ops.mmap = fc_mmap;
	info->par = &fc_ops;
	return 0;
}
