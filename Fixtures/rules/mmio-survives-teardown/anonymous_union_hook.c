#include <linux/mmlint_stub.h>
/*
 * A teardown hook inside an anonymous union: 6.12's struct platform_driver keeps .remove and
 * .remove_new in `union { … };` (include/linux/platform_device.h), and in C a member of an
 * anonymous struct or union is a member of the record around it, so the rule's
 * `struct platform_driver.remove_new` is this hook. Before the fix the member was read as
 * `struct platform_driver::anon.remove_new` and every 6.12 platform driver's remove was missed.
 * An unnamed type with a declarator (`struct { … } ops;`) is still a level of its own:
 * anonymous_named_member.c.
 */

struct device_driver {
	const char *name;
};

struct platform_driver {
	int (*probe)(struct platform_device *);
	union {
		void (*remove)(struct platform_device *);
		void (*remove_new)(struct platform_device *);
	};
	struct device_driver driver;
};

struct au_dev {
	phys_addr_t regs;
};

static struct au_dev au_the_dev;

static int au_mmap(struct file *f, struct vm_area_struct *vma)
{
	return io_remap_pfn_range(vma, vma->vm_start, au_the_dev.regs >> PAGE_SHIFT, /* expect: mmio-survives-teardown */
				  PAGE_SIZE, vma->vm_page_prot);
}

static const struct file_operations au_fops = { .mmap = au_mmap };

static void au_remove(struct platform_device *pdev)
{
	au_the_dev.regs = 0;
}

static struct platform_driver au_driver = { .remove_new = au_remove };
