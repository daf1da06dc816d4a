#include <linux/mmlint_stub.h>
/*
 * page-reused-under-gup: the page of pool memory named other ways than
 * virt_to_page(member): pfn_to_page() of the member's pfn, vmalloc_to_page(),
 * a struct page array filled in a loop from the pool address and mapped with
 * vm_map_pages(), vm_insert_pages() of such an array.
 */

struct page *pfn_to_page(unsigned long pfn);
unsigned long virt_to_pfn(const void *addr);

/* 1. pfn_to_page() of the member's physical frame. */
struct ox_win {
	struct gen_pool *ocm;
	void *va;
	size_t sz;
	struct inode *inode;
};

static int ox_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct ox_win *w = file->private_data;

	return vm_insert_page(vma, vma->vm_start, pfn_to_page(PHYS_PFN(virt_to_phys(w->va))));
}

static const struct file_operations ox_fops = { .mmap = ox_mmap };

void ox_unbind(struct ox_win *w)
{
	unmap_mapping_range(w->inode->i_mapping, 0, 0, 1);
	gen_pool_free(w->ocm, (unsigned long)w->va, w->sz); /* expect: page-reused-under-gup replay=confirmed */
}

/* 2. A pfn kept in a local, then turned into the page. */
struct rk_mbox {
	struct gen_pool *iram;
	void *slot;
	size_t slot_len;
	struct address_space *mapping;
};

static int rk_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct rk_mbox *m = file->private_data;
	unsigned long pfn = virt_to_pfn(m->slot);
	struct page *page = pfn_to_page(pfn);

	return vm_insert_page(vma, vma->vm_start, page);
}

static const struct file_operations rk_fops = { .mmap = rk_mmap };

void rk_reset(struct rk_mbox *m)
{
	unmap_mapping_range(m->mapping, 0, 0, 1);
	gen_pool_free(m->iram, (unsigned long)m->slot, m->slot_len); /* expect: page-reused-under-gup replay=confirmed */
}

/* 3. A page array filled in a loop from the pool address, mapped with vm_map_pages(). */
struct nv_area {
	struct gen_pool *pool;
	void *base;
	struct page **pg;
	unsigned long count;
	struct inode *ino;
};

int nv_area_init(struct nv_area *a)
{
	unsigned long i;

	for (i = 0; i < a->count; i++)
		a->pg[i] = virt_to_page(a->base + i * PAGE_SIZE);
	return 0;
}

static int nv_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct nv_area *a = file->private_data;

	return vm_map_pages(vma, a->pg, a->count);
}

static const struct file_operations nv_fops = { .mmap = nv_mmap };

void nv_area_fini(struct nv_area *a)
{
	unmap_mapping_range(a->ino->i_mapping, 0, 0, 1);
	gen_pool_free(a->pool, (unsigned long)a->base, a->count * PAGE_SIZE); /* expect: page-reused-under-gup replay=confirmed */
}

/* 4. The same array, filled in the ->mmap itself and inserted with vm_insert_pages(). */
struct hx_ring {
	struct gen_pool *pool;
	void *vaddr;
	struct page *pages[16];
	unsigned long n;
	struct inode *ino;
};

static int hx_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct hx_ring *h = file->private_data;
	unsigned long i, num = h->n;

	for (i = 0; i < h->n; i++)
		h->pages[i] = virt_to_page(h->vaddr + i * PAGE_SIZE);
	return vm_insert_pages(vma, vma->vm_start, h->pages, &num);
}

static const struct file_operations hx_fops = { .mmap = hx_mmap };

void hx_free(struct hx_ring *h)
{
	unmap_mapping_range(h->ino->i_mapping, 0, 0, 1);
	gen_pool_free(h->pool, (unsigned long)h->vaddr, h->n * PAGE_SIZE); /* expect: page-reused-under-gup replay=confirmed */
}
