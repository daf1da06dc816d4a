#include <linux/mmlint_stub.h>
/*
 * mmgrab-only-access: a pin kept across calls in the object's state
 * (drivers/iommu/iommufd/pages.c pfn_reader_user_pin in 6.12).
 *
 * The reader pins the mm on its first call (state -1 -> 0) and keeps the
 * pin until its destroy function; later calls fault without pinning again.
 * One call's paths cannot see that, so the path that skips the pin is only a
 * note; a reader that never pins is an error.
 */

struct ip_pages {
	struct mm_struct *source_mm;
	unsigned long uptr;
};

struct ip_reader {
	int locked;
	struct page **upages;
};

void ip_pages_init(struct ip_pages *pages)
{
	mmgrab(current->mm);
	pages->source_mm = current->mm;
}

int ip_reader_pin(struct ip_reader *user, struct ip_pages *pages, unsigned long n)
{
	if (user->locked == -1) {
		if (!mmget_not_zero(pages->source_mm))
			return -EFAULT;
		user->locked = 0;
	}
	if (!user->locked) {
		mmap_read_lock(pages->source_mm);
		user->locked = 1;
	}
	return pin_user_pages_remote(pages->source_mm, pages->uptr, n, FOLL_WRITE, user->upages, &user->locked); /* note: mmgrab-only-access */
}

void ip_reader_destroy(struct ip_reader *user, struct ip_pages *pages)
{
	if (user->locked != -1) {
		if (user->locked)
			mmap_read_unlock(pages->source_mm);
		mmput(pages->source_mm);
	}
}

int ip_reader_pin_never(struct ip_reader *user, struct ip_pages *pages, unsigned long n)
{
	mmap_read_lock(pages->source_mm);
	user->locked = 1;
	return pin_user_pages_remote(pages->source_mm, pages->uptr, n, FOLL_WRITE, user->upages, &user->locked); /* expect: mmgrab-only-access */
}
