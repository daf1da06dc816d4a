#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: a close that frees only when a member's count reaches zero frees for the
 * last vma when the vm_ops' ->open counts that member up — the increment is a fact now
 * (`++x->n`, `x->n++`, `x->n += 1` recorded by the frontend; atomic_inc/refcount_inc/kref_get
 * through the rule's `increments`), in ->open or a callee. Before, any ->open that did
 * something stood for one that counts: an ->open that only logs hid the free below.
 */

void refcount_dec(refcount_t *r);

struct cc_buf {
	void *mem;
	size_t size;
	int users;
	atomic_t maps;
	refcount_t refs;
	struct kref kref;
	bool opened;
};

static int cc_mmap_common(struct cc_buf *b, struct vm_area_struct *vma)
{
	vma->vm_private_data = b;
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(b->mem) >> PAGE_SHIFT, b->size, vma->vm_page_prot);
}

/* ->open does something, but counts nothing: the close frees under the other vmas. */
static void cc_open_logs(struct vm_area_struct *vma)
{
	struct cc_buf *b = vma->vm_private_data;

	b->opened = true;
	pr_debug("open %p\n", b);
}

static void cc_close_logs(struct vm_area_struct *vma)
{
	struct cc_buf *b = vma->vm_private_data;

	b->users--;
	if (b->users == 0)
		kfree(b->mem); /* expect: mapped-memory-freed */
}

static const struct vm_operations_struct cc_logs_ops = {
	.open = cc_open_logs,
	.close = cc_close_logs,
};

int cc_mmap_logs(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &cc_logs_ops;
	return cc_mmap_common(f->private_data, vma);
}

/* Counted with a postfix increment. */
static void cc_open_post(struct vm_area_struct *vma)
{
	struct cc_buf *b = vma->vm_private_data;

	b->users++;
}

static void cc_close_post(struct vm_area_struct *vma)
{
	struct cc_buf *b = vma->vm_private_data;

	b->users--;
	if (b->users == 0)
		kfree(b->mem); /* ok: mapped-memory-freed */
}

static const struct vm_operations_struct cc_post_ops = {
	.open = cc_open_post,
	.close = cc_close_post,
};

int cc_mmap_post(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &cc_post_ops;
	return cc_mmap_common(f->private_data, vma);
}

/* Counted with `+= 1`, in a helper ->open calls. */
static void cc_get(struct cc_buf *b)
{
	b->users += 1;
}

static void cc_open_add(struct vm_area_struct *vma)
{
	cc_get(vma->vm_private_data);
}

static void cc_close_add(struct vm_area_struct *vma)
{
	struct cc_buf *b = vma->vm_private_data;

	b->users -= 1;
	if (!b->users)
		vfree(b->mem); /* ok: mapped-memory-freed */
}

static const struct vm_operations_struct cc_add_ops = {
	.open = cc_open_add,
	.close = cc_close_add,
};

int cc_mmap_add(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &cc_add_ops;
	return cc_mmap_common(f->private_data, vma);
}

/* Counted with atomic_inc(), tested with atomic_read(). */
static void cc_open_atomic(struct vm_area_struct *vma)
{
	struct cc_buf *b = vma->vm_private_data;

	atomic_inc(&b->maps);
}

static void cc_close_atomic(struct vm_area_struct *vma)
{
	struct cc_buf *b = vma->vm_private_data;

	atomic_dec(&b->maps);
	if (atomic_read(&b->maps) == 0)
		kvfree(b->mem); /* ok: mapped-memory-freed */
}

static const struct vm_operations_struct cc_atomic_ops = {
	.open = cc_open_atomic,
	.close = cc_close_atomic,
};

int cc_mmap_atomic(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &cc_atomic_ops;
	return cc_mmap_common(f->private_data, vma);
}

/* Counted with refcount_inc(), tested with refcount_read(). */
static void cc_open_ref(struct vm_area_struct *vma)
{
	struct cc_buf *b = vma->vm_private_data;

	refcount_inc(&b->refs);
}

static void cc_close_ref(struct vm_area_struct *vma)
{
	struct cc_buf *b = vma->vm_private_data;

	refcount_dec(&b->refs);
	if (!refcount_read(&b->refs))
		kfree(b->mem); /* ok: mapped-memory-freed */
}

static const struct vm_operations_struct cc_ref_ops = {
	.open = cc_open_ref,
	.close = cc_close_ref,
};

int cc_mmap_ref(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &cc_ref_ops;
	return cc_mmap_common(f->private_data, vma);
}

/* ->open counts one member, the close tests another: not the vmas' count. */
static void cc_open_other(struct vm_area_struct *vma)
{
	struct cc_buf *b = vma->vm_private_data;

	atomic_inc(&b->maps);
}

static void cc_close_other(struct vm_area_struct *vma)
{
	struct cc_buf *b = vma->vm_private_data;

	b->users--;
	if (b->users == 0)
		kfree(b->mem); /* expect: mapped-memory-freed */
}

static const struct vm_operations_struct cc_other_ops = {
	.open = cc_open_other,
	.close = cc_close_other,
};

int cc_mmap_other(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &cc_other_ops;
	return cc_mmap_common(f->private_data, vma);
}

/*
 * Each vma registered in a list by ->open; the close counts the entries that map this buffer
 * while it walks the list and frees only when it was the last (legacy drm: drm_vm_open_locked()
 * list_add()s a drm_vma_entry to dev->vmalist, drm_vm_shm_close() counts found_maps; 6.1
 * drm_vm.c:229-285).
 */
void list_add(struct list_head *new, struct list_head *head);
void list_del(struct list_head *entry);

struct cl_entry {
	struct list_head head;
	struct vm_area_struct *vma;
};

struct cl_dev {
	struct mutex lock;
	struct list_head vmas;
};

struct cl_map {
	struct cl_dev *dev;
	void *mem;
	size_t size;
};

static void cl_open(struct vm_area_struct *vma)
{
	struct cl_map *map = vma->vm_private_data;
	struct cl_entry *e = kmalloc(sizeof(*e), GFP_KERNEL);

	if (!e)
		return;
	e->vma = vma;
	mutex_lock(&map->dev->lock);
	list_add(&e->head, &map->dev->vmas);
	mutex_unlock(&map->dev->lock);
}

static void cl_close(struct vm_area_struct *vma)
{
	struct cl_map *map = vma->vm_private_data;
	struct list_head *pos = map->dev->vmas.next;
	int found = 0;

	mutex_lock(&map->dev->lock);
	while (pos != &map->dev->vmas) {
		struct cl_entry *e = container_of(pos, struct cl_entry, head);

		pos = pos->next;
		if (e->vma->vm_private_data == map)
			found++;
		if (e->vma == vma) {
			list_del(&e->head);
			kfree(e);
		}
	}
	if (found == 1)
		vfree(map->mem); /* ok: mapped-memory-freed */
	mutex_unlock(&map->dev->lock);
}

static const struct vm_operations_struct cl_ops = {
	.open = cl_open,
	.close = cl_close,
};

int cl_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct cl_map *map = f->private_data;

	vma->vm_ops = &cl_ops;
	vma->vm_private_data = map;
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(map->mem) >> PAGE_SHIFT, map->size, vma->vm_page_prot);
}
