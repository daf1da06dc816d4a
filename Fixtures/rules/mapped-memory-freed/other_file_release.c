#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed, a gap (todo): two files, one buffer. A data file maps the ring, a
 * control file's ->release frees it; a vma pins only the file it maps, so closing the control
 * fd frees memory the data fd's mapping still reaches (the fd-split shape of accel drivers and
 * anon-inode fds an ioctl hands out). Not seen: every file_operations.release is taken as
 * running after every mapping, whichever table it is in — the rule would need the ops table of
 * the release and of the ->mmap (the facts do not record a callback's table).
 */
struct cf_ctx {
	void *ring;		/* __get_free_pages() */
	unsigned int order;
};

static int cf_data_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct cf_ctx *c = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(c->ring) >> PAGE_SHIFT,
			       PAGE_SIZE << c->order, vma->vm_page_prot);
}

static const struct file_operations cf_data_fops = { .mmap = cf_data_mmap };

static int cf_ctl_release(struct inode *inode, struct file *f)
{
	struct cf_ctx *c = f->private_data;

	free_pages((unsigned long)c->ring, c->order); /* todo: mapped-memory-freed */
	kfree(c);
	return 0;
}

static const struct file_operations cf_ctl_fops = { .release = cf_ctl_release };
