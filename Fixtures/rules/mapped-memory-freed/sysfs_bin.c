#include <linux/mmlint_stub.h>
/*
 * mapped-memory-freed: a ring a driver maps through a sysfs binary attribute (uio_hv_generic's
 * "ring" file, misc drivers' *_bin_mmap). Removing the attribute drains kernfs and zaps the
 * attribute file's mappings (kernfs_drain_open_files(): unmap_mapping_range() of the kernfs
 * inode), so a free after sysfs_remove_bin_file() runs with no mapping left; a free before it,
 * or with the attribute never removed, frees under user PTEs.
 */
struct sb_chan {
	struct kobject kobj;
	struct page *ring_page;
	unsigned int order;
	struct bin_attribute ring_attr;
};

static int sb_ring_mmap(struct file *filp, struct kobject *kobj, const struct bin_attribute *attr,
			struct vm_area_struct *vma)
{
	struct sb_chan *c = container_of(kobj, struct sb_chan, kobj);
	void *ring = page_address(c->ring_page);

	return vm_iomap_memory(vma, virt_to_phys(ring), PAGE_SIZE << c->order);
}

int sb_probe(struct sb_chan *c)
{
	c->ring_attr.attr.name = "ring";
	c->ring_attr.mmap = sb_ring_mmap;
	return sysfs_create_bin_file(&c->kobj, &c->ring_attr);
}

/* Fixed: the attribute, and with it every mapping of it, goes first. */
void sb_remove(struct sb_chan *c)
{
	sysfs_remove_bin_file(&c->kobj, &c->ring_attr);
	__free_pages(c->ring_page, c->order); /* ok: mapped-memory-freed */
}

/* The same, the removal in a helper of remove(). */
static void sb_remove_files(struct sb_chan *c)
{
	sysfs_remove_bin_file(&c->kobj, &c->ring_attr);
}

void sb_remove_helper(struct sb_chan *c)
{
	sb_remove_files(c);
	__free_pages(c->ring_page, c->order); /* ok: mapped-memory-freed */
}

/* Freed first, the attribute removed after: user PTEs point at freed pages meanwhile. */
struct sbb_chan {
	struct kobject kobj;
	struct page *ring_page;
	unsigned int order;
};

static int sbb_ring_mmap(struct file *filp, struct kobject *kobj, const struct bin_attribute *attr,
			 struct vm_area_struct *vma)
{
	struct sbb_chan *c = container_of(kobj, struct sbb_chan, kobj);

	return remap_pfn_range(vma, vma->vm_start, page_to_pfn(c->ring_page), PAGE_SIZE << c->order,
			       vma->vm_page_prot);
}

static struct bin_attribute sbb_ring_attr = {
	.attr = { .name = "ring", .mode = 0600 },
	.mmap = sbb_ring_mmap,
};

int sbb_probe(struct sbb_chan *c)
{
	return sysfs_create_bin_file(&c->kobj, &sbb_ring_attr);
}

void sbb_remove(struct sbb_chan *c)
{
	__free_pages(c->ring_page, c->order); /* expect: mapped-memory-freed */
	sysfs_remove_bin_file(&c->kobj, &sbb_ring_attr);
}
