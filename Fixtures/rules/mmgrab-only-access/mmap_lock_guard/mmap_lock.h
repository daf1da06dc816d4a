/* The mmap_lock guard class newer kernels define in include/linux/mmap_lock.h
 * (DEFINE_GUARD(mmap_read_lock, ...), added with the 2025 futex private-hash work; not in
 * 6.12), as the tree under analysis defines it. */
#include <linux/mmlint_stub.h>

DEFINE_GUARD(mmap_read_lock, struct mm_struct *, mmap_read_lock(_T), mmap_read_unlock(_T))
