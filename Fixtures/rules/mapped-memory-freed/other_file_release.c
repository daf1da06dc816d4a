#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: two files, one buffer. A data file maps the ring, a control file's
 * ->release frees it; a vma pins only the file it maps, so closing the control fd frees memory
 * the data fd's mapping still reaches (the fd-split shape of accel drivers and anon-inode fds an
 * ioctl hands out). A file's ->release is safe only in a table that also has the ->mmap
 * (`safe_with`: the ops table each member came from is in the facts).
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

	free_pages((unsigned long)c->ring, c->order); /* expect: mapped-memory-freed */
	kfree(c);
	return 0;
}

static const struct file_operations cf_ctl_fops = { .release = cf_ctl_release };

/* The data file's own ->release: the same table maps, its mappings are gone when it runs. */
struct cf_one {
	void *ring;
	unsigned int order;
};

static int cf_one_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct cf_one *c = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(c->ring) >> PAGE_SHIFT,
			       PAGE_SIZE << c->order, vma->vm_page_prot);
}

static int cf_one_release(struct inode *inode, struct file *f)
{
	struct cf_one *c = f->private_data;

	free_pages((unsigned long)c->ring, c->order); /* ok: mapped-memory-freed */
	kfree(c);
	return 0;
}

static const struct file_operations cf_one_fops = { .mmap = cf_one_mmap, .release = cf_one_release };
