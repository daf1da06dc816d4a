/*
 * replay/gup-pin: a driver whose buffers live in a gen_pool carved from device
 * memory; its ->mmap and fault handler (gp_map.c) and its revoke (gp_teardown.c)
 * are in two files, linked by the struct members.
 */
struct gp_dev {
	struct gen_pool *pool;
	void *ring;		/* vm_insert_page()d: refcounted PTEs */
	void *doorbell;		/* vmf_insert_mixed() of a page pfn: special PTEs */
	size_t size;
	struct inode *inode;
};

void gp_revoke(struct gp_dev *d);
