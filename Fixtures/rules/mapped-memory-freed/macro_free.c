#include <linux/mmlint_stub.h>
/*
 * A free written as a macro (the kernel's free_page(addr) is free_pages((addr), 0)): judged as
 * the call written, and quoted as written (bnxt_re's dealloc_ucontext() in 6.1 was quoted as
 * "free_pages(free_page(...), free_page(...))").
 */
#define free_page(addr) free_pages((addr), 0)

struct mq_uctx {
	unsigned long shpg;		/* __get_free_page(), remap_pfn_range()d */
};

static int mq_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct mq_uctx *u = f->private_data;

	return remap_pfn_range(vma, vma->vm_start, virt_to_phys((void *)u->shpg) >> PAGE_SHIFT,
			       PAGE_SIZE, vma->vm_page_prot);
}

static void mq_dealloc(struct mq_uctx *u)
{
	free_page(u->shpg); /* expect: mapped-memory-freed replay=confirmed */
}

static const struct file_operations mq_fops = {
	.mmap = mq_mmap,
};

void mq_teardown(struct mq_uctx *u)
{
	mq_dealloc(u);
}
