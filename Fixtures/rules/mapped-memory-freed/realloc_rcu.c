#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: two more ways to free a buffer user space maps. krealloc() frees the old
 * block when it has to move it (growing a mapped log in an ioctl); kfree_rcu() waits for RCU
 * readers, never for user PTEs. Both in the mapped file's ->release are safe (a vma holds the
 * file open).
 */
struct rr_shm {
	char data[64];
	struct rcu_head rcu;
};

struct rr_dev {
	void *log;
	struct rr_shm *shm;
	int which;
};

static int rr_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rr_dev *d = f->private_data;
	void *p = d->which ? (void *)d->shm : d->log;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(p) >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot);
}

static long rr_grow_log(struct rr_dev *d, size_t size)
{
	void *nl = krealloc(d->log, size, GFP_KERNEL); /* expect: mapped-memory-freed */

	if (!nl)
		return -ENOMEM;
	d->log = nl;
	return 0;
}

static void rr_drop_shm(struct rr_dev *d)
{
	struct rr_shm *s = d->shm;

	d->shm = NULL;
	kfree_rcu(s, rcu); /* expect: mapped-memory-freed */
}

static long rr_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct rr_dev *d = f->private_data;

	if (cmd == 1)
		return rr_grow_log(d, arg);
	rr_drop_shm(d);
	return 0;
}

static int rr_release(struct inode *inode, struct file *f)
{
	struct rr_dev *d = f->private_data;
	struct rr_shm *s = d->shm;

	kfree_rcu(s, rcu); /* ok: mapped-memory-freed */
	kfree(d->log); /* ok: mapped-memory-freed */
	return 0;
}

static const struct file_operations rr_fops = { .mmap = rr_mmap, .unlocked_ioctl = rr_ioctl, .release = rr_release };
