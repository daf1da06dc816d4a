#include <linux/mmlint_stub.h>
/*
 * page-reused-under-gup, ZONE_DEVICE with a per-page drain (p2pdma's shape,
 * drivers/pci/p2pdma.c): the pool lives in a pgmap, every mapped page holds a
 * reference on it, and the page goes back to the pool in ->page_free at its last
 * put; memunmap_pages() waits for those references. The release in ->page_free is
 * the drain itself, and the pgmap's teardown waits: quiet. A release of the same
 * memory outside the drain is judged.
 */

struct pd_provider {
	struct gen_pool *pool;
	struct dev_pagemap pgmap;
	void *bar;
	size_t len;
	struct inode *inode;
};

struct pd_provider *pd_of_page(struct page *page);

static int pd_alloc_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct pd_provider *p = f->private_data;

	percpu_ref_get(&p->pgmap.ref);
	return vm_insert_page(vma, vma->vm_start, virt_to_page(p->bar));
}

static const struct file_operations pd_fops = { .mmap = pd_alloc_mmap };

static void pd_page_free(struct page *page)
{
	struct pd_provider *p = pd_of_page(page);

	gen_pool_free(p->pool, (unsigned long)p->bar, PAGE_SIZE); /* ok: page-reused-under-gup */
	percpu_ref_put(&p->pgmap.ref);
}

static const struct dev_pagemap_ops pd_pgmap_ops = { .page_free = pd_page_free };

int pd_add_resource(struct device *dev, struct pd_provider *p)
{
	void *addr;

	p->pgmap.type = MEMORY_DEVICE_PCI_P2PDMA;
	p->pgmap.ops = &pd_pgmap_ops;
	addr = devm_memremap_pages(dev, &p->pgmap); /* ok: page-reused-under-gup */
	return addr ? 0 : -ENOMEM;
}

/* Outside the drain: a trim path hands the mapped memory back to the pool. */
void pd_trim(struct pd_provider *p)
{
	unmap_mapping_range(p->inode->i_mapping, 0, 0, 1);
	gen_pool_free(p->pool, (unsigned long)p->bar, p->len); /* expect: page-reused-under-gup replay=confirmed */
}
