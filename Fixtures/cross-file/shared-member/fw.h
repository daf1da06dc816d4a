/*
 * cross-file/shared-member: a framework struct many drivers fill (struct fb_info's
 * screen_base, here struct fw_info's screen). Each driver maps its own objects from a static
 * ->mmap: an insert in one driver says nothing about the object another driver frees. Three
 * drivers: fa maps its screen and never frees it; fb frees and replaces its screen and maps
 * nothing (not reported: fa's mapping is of fa's objects — reported before, through fa's
 * insert, once the swap in place was judged); fc is one driver over two files (its main file
 * calls into its mmap file), mapping in one and freeing in the other (reported).
 */
struct fw_info {
	void *screen;
	unsigned long size;
	void *par;
};

int fc_register_mmap(struct fw_info *info);
