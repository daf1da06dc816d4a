#include <linux/mmlint_stub.h>
/*
 * A class interface's remove_dev runs from device_del() for each device of its class
 * (drivers/base/core.c, 6.1 and 6.12), and from class_interface_unregister(): the class
 * device is going away. rio_mport_cdev (4.x-6.12) maps outbound windows behind the mport's
 * BAR with vm_iomap_memory() and its mport_remove_mport() only drops the maps' krefs: the
 * user mappings outlive the device. The revoking form: class_interface_revoked.c.
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

static int ci_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct ci_port *p = f->private_data;

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return vm_iomap_memory(vma, p->win, p->size); /* expect: mmio-survives-teardown the class remove leaves it mapped */
}

static const struct file_operations ci_fops = { .mmap = ci_mmap };

static void ci_remove_dev(struct device *dev)
{
	struct ci_port *p = ci_port_of(dev);

	p->win = 0;
}

static struct class_interface ci_interface = { .remove_dev = ci_remove_dev };
