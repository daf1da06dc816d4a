#include <linux/mmlint_stub.h>
/*
 * A vmalloc()ed frame buffer mapped page by page through a cursor stepped in place (old V4L
 * USB webcams: cpia2, zr364xx; `pos = cam->buf; … remap_pfn_range(vma, start,
 * vmalloc_to_pfn(pos), …); pos += PAGE_SIZE;`), freed by the USB disconnect while a process
 * keeps the mapping: the cursor still points into the buffer after each step, by a constant or
 * by a length. (A stepped pointer is a new value for the facts of the element it names — a
 * present pmd — not for the allocation it points into.)
 */

struct usb_interface { void *data; };
struct usb_driver {
	const char *name;
	void (*disconnect)(struct usb_interface *intf);
};
void *usb_get_intfdata(struct usb_interface *intf);

struct sc_cam {
	void *buf;
	unsigned long size;
	unsigned long stride;
	struct mutex lock;
};

static int sc_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct sc_cam *cam = file->private_data;
	unsigned long start = vma->vm_start, size = vma->vm_end - vma->vm_start;
	void *pos = cam->buf;

	while (size > 0) {
		if (remap_pfn_range(vma, start, vmalloc_to_pfn(pos), PAGE_SIZE, vma->vm_page_prot))
			return -EAGAIN;
		start += PAGE_SIZE;
		pos += PAGE_SIZE;
		size = size > PAGE_SIZE ? size - PAGE_SIZE : 0;
	}
	return 0;
}

static int sc_mmap_stride(struct file *file, struct vm_area_struct *vma)
{
	struct sc_cam *cam = file->private_data;
	unsigned long start = vma->vm_start;
	char *pos;

	for (pos = cam->buf; start < vma->vm_end; pos += cam->stride, start += PAGE_SIZE)
		if (remap_pfn_range(vma, start, vmalloc_to_pfn(pos), PAGE_SIZE, vma->vm_page_prot))
			return -EAGAIN;
	return 0;
}

static const struct file_operations sc_fops = { .mmap = sc_mmap };
static const struct file_operations sc_stride_fops = { .mmap = sc_mmap_stride };

static void sc_disconnect(struct usb_interface *intf)
{
	struct sc_cam *cam = usb_get_intfdata(intf);

	mutex_lock(&cam->lock);
	vfree(cam->buf); /* expect: mapped-memory-freed the frames are still mapped */
	cam->buf = NULL;
	mutex_unlock(&cam->lock);
}

static struct usb_driver sc_driver = { .name = "sc", .disconnect = sc_disconnect };
