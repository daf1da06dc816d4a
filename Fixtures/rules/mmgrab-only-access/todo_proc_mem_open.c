#include <linux/mmlint_stub.h>
/*
 * /proc's proc_mem_open() shape: a helper takes mm_users with mm_access(),
 * then under `if (!IS_ERR_OR_NULL(mm))` takes mm_count and drops mm_users, and
 * returns the local through one `return mm;`. Its callers store the result in
 * file->private_data, so the file holds mm_count only and a reader must pin
 * with mmget_not_zero() first. Not seen yet: the helper's summary does not say
 * it returns mm_count (the NULL-or-error side joins the counted side before
 * the return, and the join keeps no fact), so the store's holder is unknown.
 * (private_data_holder.c has the forms that are judged.)
 */

struct pd_inode_info {
	struct inode vfs_inode;
	struct task_struct *task;
};

static struct mm_struct *pd_open_mm(struct task_struct *task)
{
	struct mm_struct *mm = mm_access(task, PTRACE_MODE_ATTACH_REALCREDS);

	if (!IS_ERR_OR_NULL(mm)) {
		mmgrab(mm);
		mmput(mm);
	}
	return mm;
}

int pd_environ_open(struct inode *inode, struct file *file)
{
	struct pd_inode_info *ei = container_of(inode, struct pd_inode_info, vfs_inode);
	struct mm_struct *mm = pd_open_mm(ei->task);

	if (IS_ERR(mm))
		return PTR_ERR(mm);
	file->private_data = mm;
	return 0;
}

ssize_t pd_environ_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct mm_struct *mm = file->private_data;
	char page[64];

	return access_remote_vm(mm, *ppos, page, sizeof(page), FOLL_FORCE); /* todo: mmgrab-only-access the helper returns a count only mm */
}
