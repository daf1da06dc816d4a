#include <linux/mmlint_stub.h>
#include "fw.h"

/* fb never maps its screen: the memory is its own, copied out by the CPU */
int fb_resize(struct fw_info *info, unsigned long size)
{
	void *nb = kzalloc(size, GFP_KERNEL);

	if (!nb)
		return -ENOMEM;
	kfree(info->screen); /* ok: mapped-memory-freed */
	info->screen = nb;
	info->size = size;
	return 0;
}
