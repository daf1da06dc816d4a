#include <linux/mmlint_stub.h>
/*
 * /proc's proc_mem_open() shape: a helper takes mm_users (mm_access(),
 * get_task_mm()), then, where the result is neither NULL nor an error pointer,
 * takes mm_count and drops mm_users, and returns the local through one
 * `return mm;` that the NULL-or-error side reaches too. The helper returns an
 * mm held by mm_count only; its callers keep it in file->private_data, so a
 * reader must pin with mmget_not_zero() before it touches the address space.
 * Spellings: the test `!IS_ERR_OR_NULL(mm)`; the real proc_mem_open(), whose
 * local starts as ERR_PTR(-ESRCH) and is assigned only when a task was found;
 * `if (mm)` after get_task_mm() into a typed member. Quiet: the readers that
 * pin first.
 */

struct pd_inode_info {
	struct inode vfs_inode;
	struct task_struct *task;
};

/* 1. !IS_ERR_OR_NULL(mm) around the count. */
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

	return access_remote_vm(mm, *ppos, page, sizeof(page), FOLL_FORCE); /* expect: mmgrab-only-access the helper returns a count only mm */
}

ssize_t pd_environ_read_fixed(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct mm_struct *mm = file->private_data;
	char page[64];
	int got;

	if (!mm || !mmget_not_zero(mm))
		return 0;
	got = access_remote_vm(mm, *ppos, page, sizeof(page), FOLL_FORCE); /* ok: mmgrab-only-access pinned first */
	mmput(mm);
	return got;
}

/* 2. The real proc_mem_open(): ERR_PTR(-ESRCH) unless a task is found. */
struct mm_struct *pe_mem_open(struct task_struct *(*get_task)(struct inode *), struct inode *inode, unsigned int mode)
{
	struct task_struct *task = get_task(inode);
	struct mm_struct *mm = ERR_PTR(-ESRCH);

	if (task) {
		mm = mm_access(task, mode | PTRACE_MODE_FSCREDS);
		put_task_struct(task);
		if (!IS_ERR_OR_NULL(mm)) {
			mmgrab(mm);
			mmput(mm);
		}
	}
	return mm;
}

struct pe_priv {
	struct mm_struct *mm;
	unsigned long addr;
};

int pe_open(struct pe_priv *priv, struct task_struct *(*get_task)(struct inode *), struct inode *inode)
{
	priv->mm = pe_mem_open(get_task, inode, PTRACE_MODE_READ);
	if (IS_ERR(priv->mm))
		return PTR_ERR(priv->mm);
	return 0;
}

long pe_pin(struct pe_priv *priv, struct page **pages)
{
	long got;

	mmap_read_lock(priv->mm);
	got = get_user_pages_remote(priv->mm, priv->addr, 1, FOLL_WRITE, pages, NULL); /* expect: mmgrab-only-access proc mem open returns a count only mm */
	mmap_read_unlock(priv->mm);
	return got;
}

/* 3. if (mm) after get_task_mm(), into a typed member. */
static struct mm_struct *pg_task_mm_counted(struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	if (mm) {
		mmgrab(mm);
		mmput(mm);
	}
	return mm;
}

struct pg_file {
	struct mm_struct *mm;
	unsigned long addr;
};

int pg_open(struct pg_file *pf, struct task_struct *task)
{
	pf->mm = pg_task_mm_counted(task);
	return pf->mm ? 0 : -ESRCH;
}

int pg_read(struct pg_file *pf, void *buf, int len)
{
	return access_remote_vm(pf->mm, pf->addr, buf, len, 0); /* expect: mmgrab-only-access the getter keeps the count only */
}

int pg_read_fixed(struct pg_file *pf, void *buf, int len)
{
	int got;

	if (!mmget_not_zero(pf->mm))
		return -ESRCH;
	got = access_remote_vm(pf->mm, pf->addr, buf, len, 0); /* ok: mmgrab-only-access pinned first */
	mmput(pf->mm);
	return got;
}
