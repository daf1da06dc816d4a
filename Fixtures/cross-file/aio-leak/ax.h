/* cross-file/aio-leak: submit (ax_submit.c) takes mmgrab() for each async
 * request; the completion worker (ax_worker.c) must drop it on every path. */
struct ax_io {
	struct work_struct work;
	struct kiocb *kiocb;
	struct mm_struct *mm;
	bool read;
	int status;
	void *buf;
	void __user *ubuf;
};

void ax_complete(struct ax_io *io);
