#include "kq.h"

void kq_queue_init(struct kq_queue *q)
{
	mmgrab(current->mm);
	q->mm = current->mm;
}
