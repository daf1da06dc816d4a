#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: which ->open is a ->close's sibling is read from the ops table that
 * holds both, not from where the tables sit. Two vm_operations_struct tables declared next to
 * each other (or one array of two): the counting ->open of the first does not count for the
 * second table's ->close, which frees under the other vmas sharing the buffer.
 */

struct at_buf {
	void *mem;
	size_t size;
	int users;
};

static int at_mmap_common(struct at_buf *b, struct vm_area_struct *vma)
{
	vma->vm_private_data = b;
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(b->mem) >> PAGE_SHIFT, b->size, vma->vm_page_prot);
}

static void at_open(struct vm_area_struct *vma)
{
	struct at_buf *b = vma->vm_private_data;

	b->users++;
}

static void at_close(struct vm_area_struct *vma)
{
	struct at_buf *b = vma->vm_private_data;

	b->users--;
	if (b->users == 0)
		kfree(b->mem); /* ok: mapped-memory-freed */
}

static void at_close_uncounted(struct vm_area_struct *vma)
{
	struct at_buf *b = vma->vm_private_data;

	b->users--;
	if (b->users == 0)
		kfree(b->mem); /* expect: mapped-memory-freed */
}

static const struct vm_operations_struct at_counted_ops = { .open = at_open, .close = at_close };
static const struct vm_operations_struct at_uncounted_ops = { .close = at_close_uncounted };

int at_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &at_counted_ops;
	return at_mmap_common(f->private_data, vma);
}

int at_mmap_raw(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &at_uncounted_ops;
	return at_mmap_common(f->private_data, vma);
}

/* One array of two tables: each element is a table of its own. */
static void at_close_arr(struct vm_area_struct *vma)
{
	struct at_buf *b = vma->vm_private_data;

	b->users--;
	if (b->users == 0)
		kfree(b->mem); /* expect: mapped-memory-freed */
}

static const struct vm_operations_struct at_ops_pair[] = {
	{ .open = at_open, .close = at_close },
	{ .close = at_close_arr },
};

int at_mmap_pair(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &at_ops_pair[1];
	return at_mmap_common(f->private_data, vma);
}

/* The count tested where it is counted down: `if (--b->users == 0)`. */
static void at_close_prefix(struct vm_area_struct *vma)
{
	struct at_buf *b = vma->vm_private_data;

	if (--b->users == 0)
		kfree(b->mem); /* ok: mapped-memory-freed */
}

static void at_close_prefix_uncounted(struct vm_area_struct *vma)
{
	struct at_buf *b = vma->vm_private_data;

	if (!--b->users)
		kfree(b->mem); /* expect: mapped-memory-freed */
}

static const struct vm_operations_struct at_prefix_ops = { .open = at_open, .close = at_close_prefix };
static const struct vm_operations_struct at_prefix_uncounted_ops = { .close = at_close_prefix_uncounted };

int at_mmap_prefix(struct file *f, struct vm_area_struct *vma, bool counted)
{
	vma->vm_ops = counted ? &at_prefix_ops : &at_prefix_uncounted_ops;
	return at_mmap_common(f->private_data, vma);
}
