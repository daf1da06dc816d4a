#include <linux/mmlint_stub.h>
/*
 * 6.12's proc_mem_open() (fs/proc/base.c:817-836): mm_access(), then on its error side
 * `return mm == ERR_PTR(-ESRCH) ? NULL : mm;` (no task mm is NULL, other errors pass on), else
 * mmgrab() and mmput() and `return mm;`. The helper hands back mm_count only: the error side's
 * return of the local is an error pointer, and its NULL is no mm. Spelled with the conditional,
 * with `if (…) return NULL; return mm;`, and testing PTR_ERR(); the holders (file private data,
 * a typed member) then need a pin before the address space is touched.
 */

struct pm_priv {
	struct mm_struct *mm;		/* from a proc_mem_open()-like helper */
	struct work_struct work;
	unsigned long addr;
	u64 val;
};

struct task_struct *pm_get_task(struct inode *inode);

static struct mm_struct *pm_mem_open(struct inode *inode, unsigned int mode)
{
	struct task_struct *task = pm_get_task(inode);
	struct mm_struct *mm;

	if (!task)
		return ERR_PTR(-ESRCH);
	mm = mm_access(task, mode | PTRACE_MODE_FSCREDS);
	put_task_struct(task);
	if (IS_ERR(mm))
		return mm == ERR_PTR(-ESRCH) ? NULL : mm;
	mmgrab(mm);
	mmput(mm);
	return mm;
}

static struct mm_struct *pm_mem_open_if(struct inode *inode, unsigned int mode)
{
	struct task_struct *task = pm_get_task(inode);
	struct mm_struct *mm;

	if (!task)
		return ERR_PTR(-ESRCH);
	mm = mm_access(task, mode | PTRACE_MODE_FSCREDS);
	put_task_struct(task);
	if (IS_ERR(mm)) {
		if (PTR_ERR(mm) == -ESRCH)
			return NULL;
		return mm;
	}
	mmgrab(mm);
	mmput(mm);
	return mm;
}

int pm_open(struct inode *inode, struct file *file)
{
	struct mm_struct *mm = pm_mem_open(inode, PTRACE_MODE_READ);

	if (IS_ERR(mm))
		return PTR_ERR(mm);
	file->private_data = mm;
	return 0;
}

ssize_t pm_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct mm_struct *mm = file->private_data;
	char page[64];

	if (!mm)
		return 0;
	return access_remote_vm(mm, *ppos, page, sizeof(page), FOLL_FORCE); /* expect: mmgrab-only-access the helper returns a count only mm */
}

ssize_t pm_read_pinned(struct file *file, char __user *buf, size_t count, loff_t *ppos)
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

int pm_priv_open(struct inode *inode, struct pm_priv *priv)
{
	struct mm_struct *mm = pm_mem_open_if(inode, PTRACE_MODE_READ);

	if (IS_ERR_OR_NULL(mm))
		return mm ? PTR_ERR(mm) : -ESRCH;
	priv->mm = mm;
	return 0;
}

long pm_priv_peek(struct pm_priv *priv)
{
	u64 v;

	return access_remote_vm(priv->mm, priv->addr, &v, sizeof(v), 0); /* expect: mmgrab-only-access the member holds a count only */
}

static void pm_priv_work(struct work_struct *w)
{
	struct pm_priv *priv = container_of(w, struct pm_priv, work);

	kthread_use_mm(priv->mm); /* expect: use-mm-without-mmget the member holds a count only */
	put_user(priv->val, (u64 __user *)priv->addr);
	kthread_unuse_mm(priv->mm);
}

void pm_priv_start(struct pm_priv *priv)
{
	INIT_WORK(&priv->work, pm_priv_work);
	schedule_work(&priv->work);
}
