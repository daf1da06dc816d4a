#include <linux/mmlint_stub.h>
/*
 * Arrays of mm references filled in a loop: each iteration stores into another slot, so a
 * store to `t->mms[i]` is not the previous iteration's reference lost. A scalar member
 * overwritten in a loop, and an element of a constant index stored twice, still lose one.
 */

struct as_table {
	struct mm_struct *mms[8];
	struct {
		struct mm_struct *mm;
		bool used;
	} slot[8];
	struct mm_struct *last;
};

void as_fill(struct as_table *t, struct task_struct **tasks, int n)
{
	int i;

	for (i = 0; i < n; i++)
		t->mms[i] = get_task_mm(tasks[i]); /* ok: mm-ref-imbalance (another slot each time) */
}

void as_fill_slots(struct as_table *t, struct task_struct **tasks, int n)
{
	int i = 0;

	while (i < n) {
		t->slot[i].mm = get_task_mm(tasks[i]); /* ok: mm-ref-imbalance (an element of the slot array) */
		t->slot[i].used = true;
		i++;
	}
}

void as_fill_pointer(struct as_table *t, struct task_struct **tasks, int n)
{
	struct mm_struct **slot = t->mms;
	int i;

	for (i = 0; i < n; i++)
		(t->mms)[i + 0] = get_task_mm(tasks[i]); /* ok: mm-ref-imbalance (an index that is not constant) */
	(void)slot;
}

void as_clear(struct as_table *t, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (t->mms[i])
			mmput(t->mms[i]);
		t->mms[i] = NULL;
	}
}

void as_last(struct as_table *t, struct task_struct **tasks, int n)
{
	int i;

	for (i = 0; i < n; i++)
		t->last = get_task_mm(tasks[i]); /* expect: mm-ref-imbalance (one member, each iteration loses the one before) */
}

void as_first_twice(struct as_table *t, struct task_struct *a, struct task_struct *b)
{
	t->mms[0] = get_task_mm(a);
	t->mms[0] = get_task_mm(b); /* expect: mm-ref-imbalance (the same element given a new value) */
}
