#include <linux/mmlint_stub.h>
/*
 * A devicetree memory-region reached as a resource, not through struct reserved_mem: the
 * node a "memory-region" phandle names (of_parse_phandle(np, "memory-region", i)) is a
 * reserved-memory node, and of_address_to_resource() of it gives RAM the firmware set aside —
 * no teardown releases or reassigns it (6.1's aspeed-lpc-ctrl.c :257-269 and
 * aspeed-p2a-ctrl.c :349-359 map it uncached: two false warnings on 6.1 x86 and arm64). The
 * 2025 helper of_reserved_mem_region_to_resource(np, i, &res) gives the same resource in one
 * call. Still MMIO: of_address_to_resource() of the device's own node or of another phandle
 * (a syscon's registers).
 */

struct resource {
	phys_addr_t start;
	phys_addr_t end;
};
struct device_node;
struct device_node *of_parse_phandle(const struct device_node *np, const char *name, int index);
int of_address_to_resource(struct device_node *node, int index, struct resource *r);
int of_reserved_mem_region_to_resource(const struct device_node *np, unsigned int idx, struct resource *res);
void of_node_put(struct device_node *node);
int vm_iomap_memory(struct vm_area_struct *vma, phys_addr_t start, unsigned long len);

struct platform_driver {
	void (*remove_new)(void *pdev);
};

struct lpc_ctrl {
	struct device_node *np;
	phys_addr_t mem_base;
	phys_addr_t mem_size;
	phys_addr_t regs;
};

/* 1. A member probe fills from the memory-region's resource (aspeed's lpc/p2a shape). */
static int lpc_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct lpc_ctrl *c = f->private_data;
	pgprot_t prot = pgprot_noncached(vma->vm_page_prot);

	return remap_pfn_range(vma, vma->vm_start, (c->mem_base >> PAGE_SHIFT) + vma->vm_pgoff, /* ok: mmio-survives-teardown */
			       vma->vm_end - vma->vm_start, prot);
}

static const struct file_operations lpc_fops = { .mmap = lpc_mmap };

int lpc_probe(struct lpc_ctrl *c)
{
	struct device_node *node;
	struct resource resm;
	int rc;

	node = of_parse_phandle(c->np, "memory-region", 0);
	if (!node)
		return -ENODEV;
	rc = of_address_to_resource(node, 0, &resm);
	of_node_put(node);
	if (rc)
		return rc;
	c->mem_size = resm.end - resm.start + 1;
	c->mem_base = resm.start;
	return 0;
}

static void lpc_remove(void *pdev)
{
}

static struct platform_driver lpc_driver = { .remove_new = lpc_remove };

/* 2. The one-call helper, read in ->mmap itself. */
struct rr_dev {
	struct device_node *np;
};

static int rr_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rr_dev *d = f->private_data;
	struct resource res;

	if (of_reserved_mem_region_to_resource(d->np, 0, &res))
		return -ENODEV;
	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	return vm_iomap_memory(vma, res.start, res.end - res.start + 1); /* ok: mmio-survives-teardown */
}

static const struct file_operations rr_fops = { .mmap = rr_mmap };

static void rr_remove(void *pdev)
{
}

struct platform_driver rr_driver = { .remove_new = rr_remove };

/* 3. The device's own registers as a resource: MMIO. */
struct rg_dev {
	struct device_node *np;
	phys_addr_t regs;
};

static int rg_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct rg_dev *d = f->private_data;

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, d->regs >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* expect: mmio-survives-teardown */
}

static const struct file_operations rg_fops = { .mmap = rg_mmap };

int rg_probe(struct rg_dev *d)
{
	struct resource r;

	if (of_address_to_resource(d->np, 0, &r))
		return -ENODEV;
	d->regs = r.start;
	return 0;
}

static void rg_remove(void *pdev)
{
}

struct platform_driver rg_driver = { .remove_new = rg_remove };

/* 4. Another phandle (a syscon's registers): MMIO. */
struct sc_dev {
	struct device_node *np;
	phys_addr_t base;
};

static int sc_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct sc_dev *d = f->private_data;

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, d->base >> PAGE_SHIFT, PAGE_SIZE, vma->vm_page_prot); /* expect: mmio-survives-teardown */
}

static const struct file_operations sc_fops = { .mmap = sc_mmap };

int sc_probe(struct sc_dev *d)
{
	struct device_node *syscon = of_parse_phandle(d->np, "syscon", 0);
	struct resource r;
	int rc;

	if (!syscon)
		return -ENODEV;
	rc = of_address_to_resource(syscon, 0, &r);
	of_node_put(syscon);
	if (rc)
		return rc;
	d->base = r.start;
	return 0;
}

static void sc_remove(void *pdev)
{
}

struct platform_driver sc_driver = { .remove_new = sc_remove };
