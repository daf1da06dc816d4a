/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AG_H_
#define _AG_H_

#include <linux/mmlint_stub.h>

/*
 * replay/aio-complete: the USB gadget f_fs shape (fixed in 2026). An async
 * read stores the submitter's mm with no reference and completes the kiocb
 * from a work item that borrows that mm. The old argument for its safety:
 * exit_aio() in __mmput() waits for every AIO request before exit_mmap().
 * True for native AIO (io_submit) -- false for a kiocb submitted through
 * io_uring, which exit_aio() never sees. Replay confirms it where io_uring
 * can exist and refutes it on a kernel without io_uring (before 5.1).
 */
struct ag_io_data {
	struct kiocb *kiocb;
	struct mm_struct *mm;
	struct work_struct work;
	void *buf;
	char __user *ubuf;
	unsigned long len;
};

long ag_read_iter(struct kiocb *kiocb, char __user *ubuf, unsigned long len);
void ag_user_copy_worker(struct work_struct *work);

#endif /* _AG_H_ */
