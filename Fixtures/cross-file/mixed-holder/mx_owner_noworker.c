#include <linux/mmlint_stub.h>
/* cross-file/mixed-holder: the store that carries mm_count only. No guarded call. */
#include "mx.h"

int mx_set_owner_noworker(struct mx_dev *mx)
{
	mmgrab(current->mm);
	mx->mm = current->mm;
	mx->use_worker = false;
	return 0;
}
