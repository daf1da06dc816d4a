#include <linux/mmlint_stub.h>
/*
 * class_interface.c fixed: the class interface's remove_dev zaps every mapping of the char
 * device before the window goes.
 */

struct class_interface {
	struct list_head node;
	struct class *class;
	int (*add_dev)(struct device *dev);
	void (*remove_dev)(struct device *dev);
};

struct ci_port {
	phys_addr_t win;
	size_t size;
	struct address_space *mapping;
};

struct ci_port *ci_port_of(struct device *dev);

static int cr_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct ci_port *p = f->private_data;

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return vm_iomap_memory(vma, p->win, p->size); /* ok: mmio-survives-teardown the remove zaps first */
}

static const struct file_operations cr_fops = { .mmap = cr_mmap };

static void cr_remove_dev(struct device *dev)
{
	struct ci_port *p = ci_port_of(dev);

	unmap_mapping_range(p->mapping, 0, 0, 1);
	p->win = 0;
}

static struct class_interface cr_interface = { .remove_dev = cr_remove_dev };
