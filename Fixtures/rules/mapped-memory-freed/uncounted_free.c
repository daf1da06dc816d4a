#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: a free reached only where a count of the vmas (vm_ops->open counts up,
 * ->close down) or of the open files (f_op->open up, ->release down) was tested zero — a vma
 * holds its file open, so nothing maps the buffer then. Spellings: `if (d->users == 0) vfree()`
 * in disconnect (the pre-kref USB webcam idiom), `if (d->users) return -EBUSY;` before the free,
 * and 6.1 meye's reqbufs refusing while any buffer's vma_use_count[] is nonzero. Reported: the
 * free on the nonzero side, and a test of a member no ->open counts.
 */

struct uc_cam {
	struct mutex lock;
	void *fbuf;		/* vmalloc(), mapped page by page in ->mmap */
	int users;		/* open files */
	bool present;
};

static int uc_open(struct inode *inode, struct file *f)
{
	struct uc_cam *cam = f->private_data;

	mutex_lock(&cam->lock);
	if (!cam->present) {
		mutex_unlock(&cam->lock);
		return -ENODEV;
	}
	cam->users++;
	mutex_unlock(&cam->lock);
	return 0;
}

static int uc_release(struct inode *inode, struct file *f)
{
	struct uc_cam *cam = f->private_data;

	mutex_lock(&cam->lock);
	cam->users--;
	if (!cam->users && !cam->present)
		vfree(cam->fbuf); /* ok: mapped-memory-freed */
	mutex_unlock(&cam->lock);
	return 0;
}

static int uc_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct uc_cam *cam = f->private_data;
	unsigned long pos = (unsigned long)cam->fbuf;

	return remap_pfn_range(vma, vma->vm_start, vmalloc_to_pfn((void *)pos), PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations uc_fops = {
	.open = uc_open, .release = uc_release, .mmap = uc_mmap,
};

/* Disconnect frees only when no file is open (else the last release does). */
void uc_disconnect(struct uc_cam *cam)
{
	mutex_lock(&cam->lock);
	cam->present = false;
	if (cam->users == 0)
		vfree(cam->fbuf); /* ok: mapped-memory-freed */
	mutex_unlock(&cam->lock);
}

/* A reset ioctl that refuses while a file other than its own is open — then frees. */
int uc_reset(struct uc_cam *cam)
{
	mutex_lock(&cam->lock);
	if (cam->users > 1) {
		mutex_unlock(&cam->lock);
		return -EBUSY;
	}
	vfree(cam->fbuf); /* expect: mapped-memory-freed */
	cam->fbuf = NULL;
	mutex_unlock(&cam->lock);
	return 0;
}

/* The wrong side: freed while files are open. */
void uc_disconnect_wrong(struct uc_cam *cam)
{
	mutex_lock(&cam->lock);
	cam->present = false;
	if (cam->users)
		vfree(cam->fbuf); /* expect: mapped-memory-freed */
	mutex_unlock(&cam->lock);
}

/* Per-vma counts, one per buffer (meye): reqbufs frees only when no buffer is mapped. */
#define UM_BUFS 4
struct um_dev {
	struct mutex lock;
	void *grab;		/* vmalloc() */
	int vma_use_count[UM_BUFS];
	int busy;		/* set and cleared by ioctls, counted by no ->open */
};

static struct um_dev um;

static void um_vm_open(struct vm_area_struct *vma)
{
	long idx = (long)vma->vm_private_data;

	um.vma_use_count[idx]++;
}

static void um_vm_close(struct vm_area_struct *vma)
{
	long idx = (long)vma->vm_private_data;

	um.vma_use_count[idx]--;
}

static const struct vm_operations_struct um_vm_ops = { .open = um_vm_open, .close = um_vm_close };

static int um_mmap(struct file *f, struct vm_area_struct *vma)
{
	unsigned long pos = (unsigned long)um.grab + (vma->vm_pgoff << PAGE_SHIFT);

	vma->vm_ops = &um_vm_ops;
	vma->vm_private_data = (void *)(long)vma->vm_pgoff;
	um_vm_open(vma);
	return remap_pfn_range(vma, vma->vm_start, vmalloc_to_pfn((void *)pos), PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations um_fops = { .mmap = um_mmap };

int um_reqbufs(void)
{
	int i;

	mutex_lock(&um.lock);
	for (i = 0; i < UM_BUFS; i++)
		if (um.vma_use_count[i]) {
			mutex_unlock(&um.lock);
			return -EINVAL;
		}
	vfree(um.grab); /* ok: mapped-memory-freed */
	um.grab = NULL;
	mutex_unlock(&um.lock);
	return 0;
}

/* A test of a flag no ->open counts proves nothing about the mappings. */
int um_reqbufs_busy(void)
{
	mutex_lock(&um.lock);
	if (um.busy) {
		mutex_unlock(&um.lock);
		return -EBUSY;
	}
	vfree(um.grab); /* expect: mapped-memory-freed */
	um.grab = NULL;
	mutex_unlock(&um.lock);
	return 0;
}
