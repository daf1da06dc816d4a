#include <linux/mmlint_stub.h>
/*
 * page-reused-under-gup across functions of one file: the insert made by a local
 * helper that is handed the page (or the context), and the pool release made by a
 * driver wrapper that is handed the address. The memory is the same member's in
 * each case; only the call that reaches vm_insert_page()/gen_pool_free() differs.
 */

struct tb_ring {
	struct gen_pool *sram_pool;
	void *desc;
	size_t desc_bytes;
	struct address_space *as;
};

/* 1. The insert in a helper that receives the page from its caller. */
static int tb_map_one(struct vm_area_struct *vma, unsigned long uaddr, struct page *pg)
{
	return vm_insert_page(vma, uaddr, pg);
}

static int tb_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct tb_ring *r = file->private_data;

	return tb_map_one(vma, vma->vm_start, virt_to_page(r->desc));
}

static const struct file_operations tb_fops = { .mmap = tb_mmap };

void tb_shutdown(struct tb_ring *r)
{
	unmap_mapping_range(r->as, 0, 0, 1);
	gen_pool_free(r->sram_pool, (unsigned long)r->desc, r->desc_bytes); /* expect: page-reused-under-gup replay=confirmed */
}

/* 2. The insert in a helper that receives the context and converts the member itself. */
struct lm_frame {
	struct gen_pool *carveout;
	void *pixels;
	size_t stride_bytes;
	struct inode *host;
};

static int lm_insert_frame(struct lm_frame *lf, struct vm_area_struct *vma)
{
	return vm_insert_page(vma, vma->vm_start, virt_to_page(lf->pixels));
}

static int lm_mmap(struct file *file, struct vm_area_struct *vma)
{
	return lm_insert_frame(file->private_data, vma);
}

static const struct file_operations lm_fops = { .mmap = lm_mmap };

void lm_detach(struct lm_frame *lf)
{
	unmap_mapping_range(lf->host->i_mapping, 0, 0, 1);
	gen_pool_free(lf->carveout, (unsigned long)lf->pixels, lf->stride_bytes); /* expect: page-reused-under-gup replay=confirmed */
}

/* 3. The release through the driver's own wrapper around the pool. */
struct qk_chan {
	struct gen_pool *gp;
	void *doorbell;
	size_t db_len;
	struct inode *node;
};

static void qk_sram_put(struct gen_pool *gp, void *va, size_t len)
{
	gen_pool_free(gp, (unsigned long)va, len);
}

static int qk_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct qk_chan *c = file->private_data;

	return vm_insert_page(vma, vma->vm_start, virt_to_page(c->doorbell));
}

static const struct file_operations qk_fops = { .mmap = qk_mmap };

void qk_chan_destroy(struct qk_chan *c)
{
	unmap_mapping_range(c->node->i_mapping, 0, 0, 1);
	qk_sram_put(c->gp, c->doorbell, c->db_len); /* expect: page-reused-under-gup replay=confirmed */
}

/* 4. Both through helpers: a page helper for the insert, an owner-aware pool put for the release. */
struct vz_slot {
	struct gen_pool *slots;
	void *mem;
	size_t bytes;
	void *owner;
	struct inode *ino;
};

static int vz_insert(struct vm_area_struct *vma, void *kaddr)
{
	struct page *p = virt_to_page(kaddr);

	return vm_insert_page(vma, vma->vm_start, p);
}

static void vz_give_back(struct vz_slot *s, void *kaddr)
{
	gen_pool_free_owner(s->slots, (unsigned long)kaddr, s->bytes, &s->owner);
}

static int vz_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct vz_slot *s = file->private_data;

	return vz_insert(vma, s->mem);
}

static const struct file_operations vz_fops = { .mmap = vz_mmap };

void vz_recycle(struct vz_slot *s)
{
	unmap_mapping_range(s->ino->i_mapping, 0, 0, 1);
	vz_give_back(s, s->mem); /* expect: page-reused-under-gup replay=confirmed */
}

/* 5. The mapper's own error path through the wrapper: the memory was never published. */
static int qk_map_or_drop(struct file *file, struct vm_area_struct *vma)
{
	struct qk_chan *c = file->private_data;
	int err;

	err = tb_map_one(vma, vma->vm_start, virt_to_page(c->doorbell));
	if (err)
		qk_sram_put(c->gp, c->doorbell, c->db_len); /* ok: page-reused-under-gup */
	return err;
}

static const struct file_operations qk_map_fops = { .mmap = qk_map_or_drop };
