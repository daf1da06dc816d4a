#include <linux/mmlint_stub.h>
#include "ax.h"

int ax_submit(struct kiocb *kiocb, bool read)
{
	struct ax_io *io = kzalloc(sizeof(*io), GFP_KERNEL);

	if (!io)
		return -ENOMEM;
	io->kiocb = kiocb;
	io->read = read;
	io->mm = current->mm;
	mmgrab(io->mm);
	return -EIOCBQUEUED;
}
