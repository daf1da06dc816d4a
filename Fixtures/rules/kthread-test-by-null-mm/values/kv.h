/* values.c and values_helpers.c are one unit: the helpers' returns carry the test. */
bool kv_no_task_ctx(void);		/* returns current->mm == NULL */
bool kv_has_user_ctx(void);		/* if (!current->mm) return false; return true; */
