#include <linux/mmlint_stub.h>
/*
 * The counterpart of anonymous_union_hook.c: a hook in a named member of an unnamed struct type
 * (`struct { void (*remove)(…); } ops;`) is `ops.remove`, not the bus's `struct i2c_driver.remove`:
 * only a member of an anonymous struct or union (no declarator) belongs to the record around it.
 */

struct device_driver {
	const char *name;
};

struct i2c_driver {
	struct {
		void (*remove)(struct platform_device *);
	} ops;
	struct device_driver driver;
};

struct au_dev2 {
	phys_addr_t regs;
};

static struct au_dev2 au_the_dev2;

static int au2_mmap(struct file *f, struct vm_area_struct *vma)
{
	return io_remap_pfn_range(vma, vma->vm_start, au_the_dev2.regs >> PAGE_SHIFT, /* ok: mmio-survives-teardown */
				  PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations au2_fops = { .mmap = au2_mmap };

static void au2_remove(struct platform_device *pdev)
{
	au_the_dev2.regs = 0;
}

static struct i2c_driver au2_driver = { .ops = { .remove = au2_remove } };
