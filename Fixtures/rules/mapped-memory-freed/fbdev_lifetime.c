#include <linux/mmlint_stub.h>
/*
 * An fbdev driver's buffer (udlfb/smscufx shape): mapped by its fb_mmap with
 * remap_pfn_range of vmalloc pages, freed in fb_release when the last user
 * closes, in fb_destroy (the last put_fb_info, after every file is closed),
 * and on probe's error path after a helper allocated it. All after every
 * mapping, or before any: quiet. A free in disconnect is judged.
 */

unsigned long vmalloc_to_pfn(const void *addr);
void *vzalloc(unsigned long size);

struct fl_info;

struct fb_ops {
	int (*fb_mmap)(struct fl_info *info, struct vm_area_struct *vma);
	int (*fb_release)(struct fl_info *info, int user);
	void (*fb_destroy)(struct fl_info *info);
};

struct usb_driver {
	void (*disconnect)(void *intf);
};

struct fl_info {
	void *screen_base;
	void *shadow;
	int fb_count;
};

static int fl_mmap(struct fl_info *info, struct vm_area_struct *vma)
{
	remap_pfn_range(vma, vma->vm_start, vmalloc_to_pfn(info->shadow), PAGE_SIZE, vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, vmalloc_to_pfn(info->screen_base), PAGE_SIZE, vma->vm_page_prot);
}

static int fl_release(struct fl_info *info, int user)
{
	if (--info->fb_count == 0)
		vfree(info->screen_base); /* ok: mapped-memory-freed */
	return 0;
}

static void fl_destroy(struct fl_info *info)
{
	vfree(info->shadow); /* ok: mapped-memory-freed */
}

static const struct fb_ops fl_ops = { .fb_mmap = fl_mmap, .fb_release = fl_release, .fb_destroy = fl_destroy };

static int fl_realloc(struct fl_info *info)
{
	info->screen_base = vzalloc(PAGE_SIZE);
	return info->screen_base ? 0 : -ENOMEM;
}

static int fl_set_par(struct fl_info *info)
{
	return fl_realloc(info);
}

int fl_probe(struct fl_info *info)
{
	if (fl_set_par(info))
		goto err;
	return 0;
err:
	vfree(info->screen_base); /* ok: mapped-memory-freed */
	return -ENOMEM;
}

static void fl_disconnect(void *intf)
{
	struct fl_info *info = intf;

	vfree(info->shadow); /* expect: mapped-memory-freed */
}

static struct usb_driver fl_driver = { .disconnect = fl_disconnect };
