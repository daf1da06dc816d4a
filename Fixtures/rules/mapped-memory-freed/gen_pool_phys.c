#include <linux/mmlint_stub.h>
/*
 * On-chip SRAM from a gen_pool mapped by its physical address (`gen_pool_virt_to_phys(pool,
 * vaddr) >> PAGE_SHIFT`) and handed back to the pool from an ioctl with no zap: the next
 * gen_pool_alloc() gives the chunk to another user while the special PTEs still map it. The
 * converter takes the address as its second argument; converters are read from their first
 * (a todo until converters name their argument).
 */

phys_addr_t gen_pool_virt_to_phys(struct gen_pool *pool, unsigned long addr);

struct gp_dev {
	struct gen_pool *pool;
	unsigned long vaddr;
	size_t size;
};

static int gp_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct gp_dev *d = f->private_data;
	phys_addr_t phys = gen_pool_virt_to_phys(d->pool, d->vaddr);

	return remap_pfn_range(vma, vma->vm_start, phys >> PAGE_SHIFT, d->size, vma->vm_page_prot);
}

static long gp_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct gp_dev *d = f->private_data;

	gen_pool_free(d->pool, d->vaddr, d->size); /* todo: mapped-memory-freed the chunk goes back to the pool while mapped */
	d->vaddr = 0;
	return 0;
}

static const struct file_operations gp_fops = { .mmap = gp_mmap, .unlocked_ioctl = gp_ioctl };
