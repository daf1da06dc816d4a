#include <linux/mmlint_stub.h>
/*
 * An mm kept in an untyped member: `file->private_data = mm` (fs/proc/base.c
 * __mem_open() and task_mmu.c pagemap_open() keep the mm this way, with
 * mm_count only). The store is a store of struct file.private_data as into an
 * mm member, so a reader that touches the address space without
 * mmget_not_zero() is a count-only access. Spellings: mmgrab() of a local, then
 * the store; the store of current->mm, then mmgrab() of the member; readers
 * that call access_remote_vm() and get_user_pages_remote(). Quiet: the readers that
 * pin first. The helper form of /proc's proc_mem_open() is proc_mem_open.c.
 */

struct pd_inode_info {
	struct inode vfs_inode;
	struct task_struct *task;
};

/* 1. mmgrab() of a local, then the store. */
int pd_mem_open(struct inode *inode, struct file *file)
{
	struct mm_struct *mm = current->mm;

	mmgrab(mm);
	file->private_data = mm;
	return 0;
}

ssize_t pd_mem_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct mm_struct *mm = file->private_data;
	char page[64];

	return access_remote_vm(mm, *ppos, page, sizeof(page), FOLL_FORCE); /* expect: mmgrab-only-access the file keeps the count only */
}

ssize_t pd_mem_read_fixed(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct mm_struct *mm = file->private_data;
	char page[64];
	int got;

	if (!mmget_not_zero(mm))
		return 0;
	got = access_remote_vm(mm, *ppos, page, sizeof(page), FOLL_FORCE); /* ok: mmgrab-only-access pinned first */
	mmput(mm);
	return got;
}

/* 2. The store of current->mm, then mmgrab() of the member; a reader that walks the vmas. */
int pd_maps_open(struct inode *inode, struct file *filp)
{
	filp->private_data = current->mm;
	mmgrab(filp->private_data);
	return 0;
}

long pd_maps_pin(struct file *filp, unsigned long uaddr, struct page **pages)
{
	struct mm_struct *mm = filp->private_data;
	long got;

	mmap_read_lock(mm);
	got = get_user_pages_remote(mm, uaddr, 1, FOLL_WRITE, pages, NULL); /* expect: mmgrab-only-access remote gup on an mm held by its count only */
	mmap_read_unlock(mm);
	return got;
}

int pd_mem_release(struct inode *inode, struct file *file)
{
	struct mm_struct *mm = file->private_data;

	if (mm)
		mmdrop(mm);
	return 0;
}
