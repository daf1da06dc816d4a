#include <linux/mmlint_stub.h>
#include "fw.h"

int fc_probe(struct fw_info *info)
{
	info->screen = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!info->screen)
		return -ENOMEM;
	return fc_register_mmap(info);
}

/* one driver over two files: its own mmap file mapped this screen */
int fc_resize(struct fw_info *info, unsigned long size)
{
	void *nb = kzalloc(size, GFP_KERNEL);

	if (!nb)
		return -ENOMEM;
	kfree(info->screen); /* expect: mapped-memory-freed */
	info->screen = nb;
	return 0;
}
