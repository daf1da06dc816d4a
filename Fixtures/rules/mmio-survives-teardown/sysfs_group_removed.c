#include <linux/mmlint_stub.h>
/*
 * Modelled on drivers/pci/p2pdma.c (the "allocate" bin attribute lives in an attribute group,
 * p2pmem_group, and is revoked by removing it from the group) and on drivers/misc/sram.c-style
 * register windows: a platform driver exports a register window as a binary attribute inside
 * an attribute group. remove() calls sysfs_remove_group(): fs/sysfs/group.c remove_files()
 * calls kernfs_remove_by_name() for every grp->bin_attrs entry, which drains the kernfs node
 * and zaps the mmapped file (fs/kernfs/file.c kernfs_drain_open_files); a later mmap() of the
 * removed file fails in kernfs_fop_mmap() (kernfs_get_active). A revoke: must stay quiet.
 */

struct attribute_group {
	const char *name;
	struct attribute **attrs;
	const struct bin_attribute *const *bin_attrs;
};
int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp);
void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp);

struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	void (*remove)(struct platform_device *pdev);
};

struct rg_dev {
	struct kobject kobj;
	phys_addr_t regs;
	unsigned long regs_len;
};

static int rg_regs_mmap(struct file *filp, struct kobject *kobj, const struct bin_attribute *attr,
			struct vm_area_struct *vma)
{
	struct rg_dev *d = container_of(kobj, struct rg_dev, kobj);

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return io_remap_pfn_range(vma, vma->vm_start, d->regs >> PAGE_SHIFT, d->regs_len, vma->vm_page_prot); /* ok: mmio-survives-teardown removing the group drains and zaps */
}

static const struct bin_attribute rg_regs_attr = {
	.attr = { .name = "regs", .mode = 0600 },
	.size = 4096,
	.mmap = rg_regs_mmap,
};

static const struct bin_attribute *const rg_bin_attrs[] = { &rg_regs_attr, NULL };

static const struct attribute_group rg_group = {
	.name = "window",
	.bin_attrs = rg_bin_attrs,
};

static int rg_probe(struct platform_device *pdev)
{
	struct rg_dev *d = platform_get_drvdata(pdev);

	return sysfs_create_group(&d->kobj, &rg_group);
}

static void rg_remove(struct platform_device *pdev)
{
	struct rg_dev *d = platform_get_drvdata(pdev);

	sysfs_remove_group(&d->kobj, &rg_group);
}

static struct platform_driver rg_driver = { .probe = rg_probe, .remove = rg_remove };
